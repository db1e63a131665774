/**
 * Namespaces the platform or Kubernetes itself owns. A tenant there would let
 * the app teams' AppProject deploy into them, and Pulumi would declare the
 * platform's own namespace twice with conflicting labels.
 */
import { EXTERNAL_SECRETS_NAMESPACE, SEALED_SECRETS_NAMESPACE } from "../../components/secrets-delivery/plan";
import { ARGOCD_NAMESPACE } from "../layout";

export const RESERVED_NAMESPACES: readonly string[] = ["default", ARGOCD_NAMESPACE, EXTERNAL_SECRETS_NAMESPACE, SEALED_SECRETS_NAMESPACE];
/** Kubernetes reserves every `kube-` namespace (kube-system, kube-public, kube-node-lease). */
export const RESERVED_NAMESPACE_PREFIX = "kube-";

export function isReservedNamespace(namespace: string): boolean {
  return namespace.startsWith(RESERVED_NAMESPACE_PREFIX) || RESERVED_NAMESPACES.includes(namespace);
}
