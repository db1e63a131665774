/**
 * Annotations for Kubernetes objects Pulumi owns. Pulumi is their owner of
 * record: when it re-applies one (say, remediating drift) it takes back fields
 * someone changed by hand instead of failing on a server-side apply conflict.
 */
export const PULUMI_OWNS = { "pulumi.com/patchForce": "true" } as const;

/**
 * Marks an object of Pulumi's one-time Argo CD install, which the self-managed
 * `argocd` Application then takes over: both managers own its fields by design.
 * `gitops boundary --live` lists such objects apart, and fails on one that Argo CD
 * does not track (handed off, but nobody took it over).
 */
export const HANDED_OFF_TO_ANNOTATION = "gitops-platform.io/handed-off-to";
export const HANDED_OFF_TO_ARGOCD = { [HANDED_OFF_TO_ANNOTATION]: "argocd" } as const;

/**
 * The stack output listing the URNs of those handed-off resources. `detectDrift`
 * leaves them out of its refresh: after the hand-off they are Argo CD's to keep in
 * sync (and Pulumi ignores changes to them), so reading them back is wasted work
 * (most of the lab stack's refresh) and any difference is not Pulumi's drift.
 */
export const HANDED_OFF_OUTPUT = "handedOffToArgoCd";
