import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import type { KubernetesCluster } from "./kubernetes-cluster";

export interface ExistingClusterArgs {
  /** Path to a kubeconfig file for the cluster. Read once, when the program starts. */
  readonly kubeconfigPath: string;
  /** Context to use; the kubeconfig's current context when omitted. */
  readonly context?: string;
}

/**
 * "Bring your own cluster": the platform installs its Kubernetes half onto a
 * cluster it did not create (the offline lab, or a cluster another team runs).
 */
export class ExistingCluster extends pulumi.ComponentResource implements KubernetesCluster {
  public readonly provider: k8s.Provider;
  public readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:cluster:ExistingCluster", name, {}, opts);
    let text: string;
    try {
      text = fs.readFileSync(args.kubeconfigPath, "utf8");
    } catch (error) {
      throw new Error(`cluster.kubeconfig = "${args.kubeconfigPath}": expected a readable kubeconfig file (${(error as Error).message})`);
    }
    this.kubeconfig = pulumi.secret(text);
    this.provider = new k8s.Provider(`${name}-k8s`, {
      kubeconfig: this.kubeconfig,
      context: args.context,
      enableServerSideApply: true,
    }, { parent: this });
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
