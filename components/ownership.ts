/**
 * Annotations for Kubernetes objects Pulumi owns. Pulumi is their owner of
 * record: when it re-applies one (say, remediating drift) it takes back fields
 * someone changed by hand instead of failing on a server-side apply conflict.
 */
export const PULUMI_OWNS = { "pulumi.com/patchForce": "true" } as const;

/**
 * Marks an object Pulumi created once and handed over to Argo CD: the upstream Argo CD
 * install, which the self-managed `argocd` Application manages from then on. Both field
 * managers own its fields by design; `gitops boundary --live` accepts that only for objects
 * carrying this annotation, and only while Argo CD tracks them.
 */
export const HANDED_OFF_TO_ARGOCD = { "gitops-platform.io/handed-off-to": "argocd" } as const;
