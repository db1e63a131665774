import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * What the rest of the platform needs from a cluster, whether the platform
 * created it (EksCluster) or was handed one (ExistingCluster).
 */
export interface KubernetesCluster {
  /** Provider every in-cluster resource is registered with. */
  readonly provider: k8s.Provider;
  /** Kubeconfig for humans and CI; always a secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** IAM OIDC provider for IRSA; absent on clusters the platform did not create. */
  readonly oidcProvider?: { readonly arn: pulumi.Output<string>; readonly url: pulumi.Output<string> };
  /** Security group attached to the worker nodes; absent on clusters the platform did not create. */
  readonly nodeSecurityGroupId?: pulumi.Output<string>;
}
