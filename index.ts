/**
 * The platform's bill of materials. Pulumi owns everything here; Argo CD owns
 * the applications it syncs from apps/ once the ArgoCd component hands off.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "./components/bucket/bucket";
import { EksCluster } from "./components/cluster/eks-cluster";
import { ExistingCluster } from "./components/cluster/existing-cluster";
import type { KubernetesCluster } from "./components/cluster/kubernetes-cluster";
import { ArgoCd } from "./components/argocd/argocd";
import { Monitoring } from "./components/monitoring/monitoring";
import { Network } from "./components/network/network";
import { PostgresDatabase } from "./components/postgres/postgres-database";
import { SecretsDelivery } from "./components/secrets-delivery/secrets-delivery";
import { loadPlatformConfig } from "./components/stack-config";
import { Tenancy } from "./components/tenancy";
import { argocdHighAvailability, usesAwsNetwork } from "./platform/config";

const config = loadPlatformConfig();
const env = config.environment;
const production = env === "production";
const tags = { ...config.tags, "gitops-platform:environment": env };
const clusterName = `gitops-${pulumi.getStack()}`;

// Cloud network and cluster (AWS), or a cluster someone else runs.
const network = usesAwsNetwork(config) ? new Network("network", { ...config.network, clusterName, tags }) : undefined;
const cluster: KubernetesCluster =
  config.cluster.mode === "eks"
    ? new EksCluster("cluster", {
        clusterName,
        vpcId: network!.vpcId,
        privateSubnetIds: network!.privateSubnetIds,
        publicSubnetIds: network!.publicSubnetIds,
        kubernetesVersion: config.cluster.kubernetesVersion,
        nodeGroups: config.cluster.nodeGroups,
        adminPrincipalArns: config.cluster.adminPrincipalArns,
        endpointPublicAccess: config.cluster.endpointPublicAccess,
        tags,
      })
    : new ExistingCluster("cluster", { kubeconfigPath: config.cluster.kubeconfig, context: config.cluster.context });
const inCluster = { provider: cluster.provider };

// Data stores.
const database = config.database && new PostgresDatabase("database", {
  config: config.database,
  environment: env,
  vpcId: network!.vpcId,
  privateSubnetIds: network!.privateSubnetIds,
  clientSecurityGroupId: cluster.nodeSecurityGroupId!,
  protect: production,
  tags,
});
const buckets = config.buckets.map((b) => new Bucket(b.name, { config: b, production, tags }));

// The ownership boundary: namespaces for app teams, then Argo CD, which takes over from here.
const tenancy = new Tenancy("tenancy", { environment: env, tenants: config.tenants }, inCluster);
new ArgoCd("argocd", {
  environment: env,
  ...config.argocd,
  ha: argocdHighAvailability(config),
  tenantNamespaces: config.tenants.map((t) => t.namespace),
  runsWorkloads: config.cluster.mode === "eks" || config.cluster.runsWorkloads,
  protect: production,
}, { ...inCluster, dependsOn: [tenancy] });

// Cluster add-ons: secrets delivery and the drift alerts.
if (config.secrets.delivery !== "none") {
  new SecretsDelivery("secrets", {
    delivery: config.secrets.delivery,
    environment: env,
    chartVersion: config.secrets.delivery === "external-secrets" ? config.secrets.externalSecretsChartVersion : config.secrets.sealedSecretsChartVersion,
    aws: config.cluster.mode === "eks" ? { region: aws.config.requireRegion(), accountId: aws.getCallerIdentityOutput().accountId } : undefined,
    oidcProvider: cluster.oidcProvider,
    tags,
  }, inCluster);
}
if (config.monitoring.prometheusRules) new Monitoring("monitoring", { ...config.monitoring, environment: env }, inCluster);

export const kubeconfig = cluster.kubeconfig;
export const vpcId = network?.vpcId ?? null;
export const tenantNamespaces = tenancy.namespaces;
export const databaseAddress = database?.address ?? null;
export const databaseSecretName = database?.secretName ?? null;
export const bucketNames = buckets.map((b) => b.bucketName);
