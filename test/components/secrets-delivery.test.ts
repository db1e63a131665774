import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { externalSecretsReadPolicy } from "../../components/secrets-delivery/plan";
import { MockCloud, settle } from "../support/mock-cloud";

describe("externalSecretsReadPolicy", () => {
  it("reads only the environment's own secrets", () => {
    const policy = externalSecretsReadPolicy({ region: "eu-west-1", accountId: "123456789012", environment: "staging" });
    assert.equal(policy.Statement[0]!.Resource, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gitops-platform/staging/*");
    assert.deepEqual(policy.Statement[0]!.Action, ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    assert.deepEqual(policy.Statement[1]!.Condition, { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
  });
});

describe("SecretsDelivery (External Secrets)", () => {
  const cloud = new MockCloud();
  before(async () => {
    await cloud.install();
    const { SecretsDelivery } = await import("../../components/secrets-delivery/secrets-delivery");
    new SecretsDelivery("secrets", {
      delivery: "external-secrets", environment: "production", chartVersion: "0.20.4",
      aws: { region: "eu-west-1", accountId: "123456789012" },
      oidcProvider: { arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks/id/X", url: "https://oidc.eks/id/X" },
    });
    await settle();
  });

  it("trusts only the operator's service account through the cluster's OIDC provider", () => {
    const trust = JSON.parse(cloud.one("aws:iam/role:Role").inputs.assumeRolePolicy);
    assert.equal(trust.Statement[0].Principal.Federated, "arn:aws:iam::123456789012:oidc-provider/oidc.eks/id/X");
    assert.deepEqual(trust.Statement[0].Condition.StringEquals, {
      "oidc.eks/id/X:sub": "system:serviceaccount:external-secrets:external-secrets",
      "oidc.eks/id/X:aud": "sts.amazonaws.com",
    });
    const policy = JSON.parse(cloud.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    assert.match(policy.Statement[0].Resource, /secret:gitops-platform\/production\/\*$/);
  });

  it("installs the pinned operator with the role on its service account and a ClusterSecretStore", () => {
    const release = cloud.one("kubernetes:helm.sh/v3:Release").inputs;
    assert.equal(release.version, "0.20.4");
    assert.match(release.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
    const store = cloud.one("kubernetes:external-secrets.io/v1:ClusterSecretStore").inputs;
    assert.equal(store.metadata.name, "aws-secrets-manager");
    assert.equal(store.spec.provider.aws.region, "eu-west-1");
  });
});

describe("SecretsDelivery (Sealed Secrets)", () => {
  it("installs only the Sealed Secrets controller and needs no AWS", async () => {
    const cloud = new MockCloud();
    await cloud.install();
    const { SecretsDelivery } = await import("../../components/secrets-delivery/secrets-delivery");
    new SecretsDelivery("secrets", { delivery: "sealed-secrets", environment: "staging", chartVersion: "2.17.7" });
    await settle();
    assert.equal(cloud.one("kubernetes:helm.sh/v3:Release").inputs.chart, "sealed-secrets");
    assert.equal(cloud.ofType("aws:iam/role:Role").length, 0);
  });

  it("refuses External Secrets without an OIDC provider", async () => {
    const { SecretsDelivery } = await import("../../components/secrets-delivery/secrets-delivery");
    assert.throws(() => new SecretsDelivery("s", { delivery: "external-secrets", environment: "local", chartVersion: "1" }), /needs the AWS account and the cluster's OIDC provider/);
  });
});
