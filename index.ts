/**
 * The platform's bill of materials. Pulumi owns everything here; Argo CD owns
 * the applications it syncs from apps/ once the ArgoCd component hands off.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Bucket } from "./components/bucket/bucket";
import { ExistingCluster } from "./components/cluster/existing-cluster";
import type { KubernetesCluster } from "./components/cluster/kubernetes-cluster";
import { ArgoCd } from "./components/argocd/argocd";
import { Monitoring } from "./components/monitoring/monitoring";
import type { Network } from "./components/network/network";
import type { PostgresDatabase } from "./components/postgres/postgres-database";
import { loadPlatformConfig } from "./components/stack-config";
import { Tenancy } from "./components/tenancy";
import { argocdHighAvailability, usesAwsNetwork } from "./platform/config";

// The AWS side loads only for the stacks that use it: @pulumi/aws and @pulumi/eks take
// seconds to load, which a stack on an existing cluster (the lab) would pay on every run.
const aws = () => require("@pulumi/aws") as typeof import("@pulumi/aws");
const awsComponents = () => ({
  Bucket: (require("./components/bucket/bucket") as typeof import("./components/bucket/bucket")).Bucket,
  EksCluster: (require("./components/cluster/eks-cluster") as typeof import("./components/cluster/eks-cluster")).EksCluster,
  Network: (require("./components/network/network") as typeof import("./components/network/network")).Network,
  PostgresDatabase: (require("./components/postgres/postgres-database") as typeof import("./components/postgres/postgres-database")).PostgresDatabase,
  SecretsDelivery: (require("./components/secrets-delivery/secrets-delivery") as typeof import("./components/secrets-delivery/secrets-delivery")).SecretsDelivery,
});

const config = loadPlatformConfig();
const env = config.environment;
const production = env === "production";
const tags = { ...config.tags, "gitops-platform:environment": env };
const clusterName = `gitops-${pulumi.getStack()}`;

// Cloud network and cluster (AWS), or a cluster someone else runs.
const network: Network | undefined = usesAwsNetwork(config) ? new (awsComponents().Network)("network", { ...config.network, clusterName, tags }) : undefined;
const cluster: KubernetesCluster =
  config.cluster.mode === "eks"
    ? new (awsComponents().EksCluster)("cluster", {
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
const database: PostgresDatabase | undefined = config.database ? new (awsComponents().PostgresDatabase)("database", {
  config: config.database,
  environment: env,
  vpcId: network!.vpcId,
  privateSubnetIds: network!.privateSubnetIds,
  clientSecurityGroupId: cluster.nodeSecurityGroupId!,
  protect: production,
  tags,
}) : undefined;
const buckets: Bucket[] = config.buckets.map((b) => new (awsComponents().Bucket)(b.name, { config: b, production, tags }));

// The ownership boundary: namespaces for app teams, then Argo CD, which takes over from here.
const tenancy = new Tenancy("tenancy", { environment: env, tenants: config.tenants }, inCluster);
const argocd = new ArgoCd("argocd", {
  environment: env,
  ...config.argocd,
  ha: argocdHighAvailability(config),
  tenantNamespaces: config.tenants.map((t) => t.namespace),
  runsWorkloads: config.cluster.mode === "eks" || config.cluster.runsWorkloads,
  protect: production,
}, { ...inCluster, dependsOn: [tenancy] });

// Cluster add-ons: secrets delivery and the drift alerts.
if (config.secrets.delivery !== "none") {
  new (awsComponents().SecretsDelivery)("secrets", {
    delivery: config.secrets.delivery,
    environment: env,
    chartVersion: config.secrets.delivery === "external-secrets" ? config.secrets.externalSecretsChartVersion : config.secrets.sealedSecretsChartVersion,
    aws: config.cluster.mode === "eks" ? { region: aws().config.requireRegion(), accountId: aws().getCallerIdentityOutput().accountId } : undefined,
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
// `gitops drift` leaves these out of its refresh: they are Argo CD's after the hand-off.
export const handedOffToArgoCd = argocd.handedOffUrns;
