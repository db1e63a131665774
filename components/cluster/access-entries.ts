/**
 * EKS access entries for cluster administrators (authentication mode API, no
 * aws-auth ConfigMap). Pure: turns principal ARNs into the `accessEntries` map.
 */

export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

export interface AdminAccessEntry {
  readonly principalArn: string;
  readonly accessPolicies: Record<string, { policyArn: string; accessScope: { type: "cluster" } }>;
}

/**
 * The map key is derived from the principal's own name, not its position in the
 * list, so reordering the config never replaces an entry.
 */
export function adminAccessEntries(principalArns: readonly string[]): Record<string, AdminAccessEntry> {
  const entries: Record<string, AdminAccessEntry> = {};
  for (const principalArn of principalArns) {
    const key = principalArn.split(/[:/]/).pop()!.replace(/[^a-zA-Z0-9-]/g, "-").toLowerCase();
    if (entries[key]) throw new Error(`cluster.adminPrincipalArns: "${principalArn}" maps to access entry "${key}", which another ARN already uses`);
    entries[key] = { principalArn, accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: "cluster" } } } };
  }
  return entries;
}

/** Control-plane log types sent to CloudWatch: all of them, audit included. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
