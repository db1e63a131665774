import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartRepositories } from "../../platform/versions";
import { serviceAccountTrustPolicy } from "../iam/policy-documents";
import {
  EXTERNAL_SECRETS_NAMESPACE,
  EXTERNAL_SECRETS_SERVICE_ACCOUNT,
  SEALED_SECRETS_NAMESPACE,
  clusterSecretStore,
  externalSecretsReadPolicy,
  externalSecretsValues,
  sealedSecretsValues,
} from "./plan";

export interface SecretsDeliveryArgs {
  /** `external-secrets` (default) reads AWS Secrets Manager; `sealed-secrets` decrypts SealedSecrets from Git. */
  readonly delivery: "external-secrets" | "sealed-secrets";
  /** Environment whose secrets (and only those) External Secrets may read. */
  readonly environment: string;
  /** Pinned chart version of the chosen operator (platform/versions.ts). */
  readonly chartVersion: string;
  /** AWS region and account of the secrets; required for `external-secrets`. */
  readonly aws?: { readonly region: pulumi.Input<string>; readonly accountId: pulumi.Input<string> };
  /** The cluster's IAM OIDC provider; required for `external-secrets` (IRSA). */
  readonly oidcProvider?: { readonly arn: pulumi.Input<string>; readonly url: pulumi.Input<string> };
  readonly tags?: Record<string, string>;
}

/**
 * Delivers secrets into the cluster without putting them in Git: External
 * Secrets Operator with an IRSA role limited to the environment's secrets and a
 * ClusterSecretStore, or the Sealed Secrets controller.
 */
export class SecretsDelivery extends pulumi.ComponentResource {
  constructor(name: string, args: SecretsDeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:secrets:SecretsDelivery", name, {}, opts);
    if (args.delivery === "sealed-secrets") {
      new k8s.helm.v3.Release(`${name}-sealed-secrets`, {
        name: "sealed-secrets",
        chart: "sealed-secrets",
        version: args.chartVersion,
        repositoryOpts: { repo: chartRepositories.sealedSecrets },
        namespace: SEALED_SECRETS_NAMESPACE,
        values: sealedSecretsValues(),
      }, { parent: this });
      this.registerOutputs({});
      return;
    }
    if (!args.aws || !args.oidcProvider)
      throw new Error(`secrets ${name}: external-secrets needs the AWS account and the cluster's OIDC provider (an EKS cluster)`);
    const { aws: account, oidcProvider } = args;

    const role = new aws.iam.Role(`${name}-external-secrets`, {
      assumeRolePolicy: pulumi.all([oidcProvider.arn, oidcProvider.url]).apply(([arn, url]) =>
        JSON.stringify(serviceAccountTrustPolicy({
          oidcProviderArn: arn, oidcProviderUrl: url,
          namespace: EXTERNAL_SECRETS_NAMESPACE, serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
        }))),
      tags: args.tags ?? {},
    }, { parent: this });
    new aws.iam.RolePolicy(`${name}-external-secrets`, {
      role: role.id,
      policy: pulumi.all([account.region, account.accountId]).apply(([region, accountId]) =>
        JSON.stringify(externalSecretsReadPolicy({ region, accountId, environment: args.environment }))),
    }, { parent: this });

    const namespace = new k8s.core.v1.Namespace(`${name}-external-secrets`, {
      metadata: { name: EXTERNAL_SECRETS_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
    }, { parent: this });
    const operator = new k8s.helm.v3.Release(`${name}-external-secrets`, {
      name: "external-secrets",
      chart: "external-secrets",
      version: args.chartVersion,
      repositoryOpts: { repo: chartRepositories.externalSecrets },
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      values: role.arn.apply(externalSecretsValues),
    }, { parent: this, dependsOn: [namespace] });
    const store = clusterSecretStore("(region)");
    new k8s.apiextensions.CustomResource(`${name}-cluster-secret-store`, {
      ...store,
      spec: pulumi.output(account.region).apply((region) => clusterSecretStore(region).spec),
    }, { parent: this, dependsOn: [operator] });
    this.registerOutputs({ roleArn: role.arn });
  }
}
