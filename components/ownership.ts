/**
 * Annotations for Kubernetes objects Pulumi owns. Pulumi is their owner of
 * record: when it re-applies one (say, remediating drift) it takes back fields
 * someone changed by hand instead of failing on a server-side apply conflict.
 */
export const PULUMI_OWNS = { "pulumi.com/patchForce": "true" } as const;
