/**
 * Which kinds sit on Pulumi's side of the ownership boundary. An app overlay
 * producing one of them would make Argo CD and Pulumi both manage it.
 */
import { PULUMI_OWNED_NAMESPACED_KINDS } from "../../platform/argocd-manifests";

/** Cluster-scoped kinds: the cluster and its add-ons belong to Pulumi. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "PriorityClass",
  "StorageClass",
  "PersistentVolume",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "VolumeSnapshotClass",
  "PodSecurityPolicy",
  "ClusterSecretStore",
  "ClusterExternalSecret",
  "ClusterIssuer",
]);

/** Everything an app overlay must not produce: cluster-scoped kinds, quota and limits, and Argo CD's own AppProjects. */
export const PULUMI_OWNED_KINDS: ReadonlySet<string> = new Set([
  ...CLUSTER_SCOPED_KINDS,
  ...PULUMI_OWNED_NAMESPACED_KINDS.map((k) => k.kind),
  "AppProject",
]);
