import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NodeGroupConfig } from "../../platform/config";
import { serviceTrustPolicy } from "../iam/policy-documents";
import { CONTROL_PLANE_LOG_TYPES, adminAccessEntries } from "./access-entries";
import type { KubernetesCluster } from "./kubernetes-cluster";

export interface EksClusterArgs {
  /** Physical cluster name. Fixed, because subnet discovery tags must name the cluster before it exists. */
  readonly clusterName: string;
  readonly vpcId: pulumi.Input<string>;
  /** Nodes and the control plane's ENIs live in these private subnets. */
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** Public subnets, used only for internet-facing load balancers. */
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** Pinned Kubernetes minor version, e.g. "1.33". Never floats. */
  readonly kubernetesVersion: string;
  /** Managed node groups; at least one. */
  readonly nodeGroups: readonly NodeGroupConfig[];
  /** IAM principals granted cluster-admin through access entries. Default none. */
  readonly adminPrincipalArns?: readonly string[];
  /** Whether the API endpoint is reachable from the internet. Default false (private only). */
  readonly endpointPublicAccess?: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * An EKS cluster in the private subnets: access entries instead of aws-auth,
 * managed node groups, IRSA, KMS envelope encryption of Secrets, all
 * control-plane logs, and a Kubernetes provider for the in-cluster components.
 */
export class EksCluster extends pulumi.ComponentResource implements KubernetesCluster {
  public readonly provider: k8s.Provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly oidcProvider: { readonly arn: pulumi.Output<string>; readonly url: pulumi.Output<string> };
  public readonly nodeSecurityGroupId: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:cluster:EksCluster", name, {}, opts);
    if (args.nodeGroups.length === 0) throw new Error(`cluster ${name}: nodeGroups must list at least one node group`);
    const tags = args.tags ?? {};
    const parent = { parent: this };

    const secretsKey = new aws.kms.Key(`${name}-secrets`, {
      description: `Envelope encryption of Kubernetes Secrets in ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags,
    }, parent);

    const nodeRole = new aws.iam.Role(`${name}-nodes`, {
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
      tags,
    }, parent);
    for (const policy of ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"]) {
      new aws.iam.RolePolicyAttachment(`${name}-nodes-${policy}`, { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${policy}` }, parent);
    }

    const cluster = new eks.Cluster(name, {
      name: args.clusterName,
      vpcId: args.vpcId,
      privateSubnetIds: args.privateSubnetIds,
      publicSubnetIds: args.publicSubnetIds,
      nodeAssociatePublicIpAddress: false,
      version: args.kubernetesVersion,
      authenticationMode: eks.AuthenticationMode.Api,
      accessEntries: adminAccessEntries(args.adminPrincipalArns ?? []),
      skipDefaultNodeGroup: true,
      instanceRoles: [nodeRole],
      createOidcProvider: true,
      encryptionConfigKeyArn: secretsKey.arn,
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      endpointPrivateAccess: true,
      endpointPublicAccess: args.endpointPublicAccess ?? false,
      tags,
    }, parent);

    for (const group of args.nodeGroups) {
      new eks.ManagedNodeGroup(`${name}-${group.name}`, {
        cluster,
        nodeRole,
        subnetIds: args.privateSubnetIds,
        instanceTypes: group.instanceTypes,
        diskSize: group.diskSizeGb,
        scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
        // The cluster autoscaler moves desiredSize; Pulumi must not reset it on every up.
        ignoreScalingChanges: true,
        labels: { "gitops-platform.io/node-group": group.name },
        tags,
      }, parent);
    }

    this.clusterName = cluster.eksCluster.name;
    // Managed node groups get the security group EKS creates for the cluster.
    this.nodeSecurityGroupId = aws.eks
      .getClusterOutput({ name: this.clusterName }, parent)
      .vpcConfig.clusterSecurityGroupId;
    this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    this.oidcProvider = { arn: cluster.oidcProviderArn, url: cluster.oidcProviderUrl };
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, parent);
    this.registerOutputs({ kubeconfig: this.kubeconfig, oidcProviderArn: this.oidcProvider.arn, clusterName: this.clusterName });
  }
}
