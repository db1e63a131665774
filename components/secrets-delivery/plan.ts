/**
 * What the secrets operators need, as data: the IRSA permissions of External
 * Secrets, its ClusterSecretStore, and the chart values of both operators.
 */
import type { KubernetesObject } from "../../platform/argocd-manifests";
import { names } from "../../platform/layout";
import type { PolicyDocument } from "../iam/policy-documents";

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
export const SEALED_SECRETS_NAMESPACE = "kube-system";

/**
 * Read-only access to the environment's own secrets and nothing else: the
 * resource is the environment's name prefix, never `*`. Decryption is allowed
 * only when Secrets Manager asks KMS on the operator's behalf.
 */
export function externalSecretsReadPolicy(input: { region: string; accountId: string; environment: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadEnvironmentSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: `arn:aws:secretsmanager:${input.region}:${input.accountId}:secret:${names.secretsPrefix(input.environment)}*`,
      },
      {
        Sid: "DecryptThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: `arn:aws:kms:${input.region}:${input.accountId}:key/*`,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${input.region}.amazonaws.com` } },
      },
    ],
  };
}

/** The ClusterSecretStore every app's ExternalSecret refers to by `names.clusterSecretStore`. */
export function clusterSecretStore(region: string): KubernetesObject {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: names.clusterSecretStore },
    spec: {
      provider: {
        aws: {
          service: "SecretsManager",
          region,
          auth: { jwt: { serviceAccountRef: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE } } },
        },
      },
    },
  };
}

export function externalSecretsValues(roleArn: string): Record<string, unknown> {
  return {
    installCRDs: true,
    serviceAccount: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/role-arn": roleArn } },
  };
}

export function sealedSecretsValues(): Record<string, unknown> {
  return { fullnameOverride: "sealed-secrets-controller" };
}
