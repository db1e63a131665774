import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_ADMIN_POLICY_ARN, adminAccessEntries } from "../../components/cluster/access-entries";
import { MockCloud, isSecretInput, settle, valueOf } from "../support/mock-cloud";

describe("adminAccessEntries", () => {
  it("keys entries by principal name so reordering the list changes nothing", () => {
    const a = adminAccessEntries(["arn:aws:iam::1:role/platform-admin", "arn:aws:iam::1:role/break-glass"]);
    const b = adminAccessEntries(["arn:aws:iam::1:role/break-glass", "arn:aws:iam::1:role/platform-admin"]);
    assert.deepEqual(a, b);
    assert.equal(a["platform-admin"]!.accessPolicies.admin!.policyArn, CLUSTER_ADMIN_POLICY_ARN);
  });
  it("refuses two ARNs that would share an entry", () => {
    assert.throws(() => adminAccessEntries(["arn:aws:iam::1:role/admin", "arn:aws:iam::2:role/admin"]), /maps to access entry "admin"/);
  });
});

describe("EksCluster", () => {
  const cloud = new MockCloud();
  let cluster: import("../../components/cluster/eks-cluster").EksCluster;

  before(async () => {
    await cloud.install();
    const { EksCluster } = await import("../../components/cluster/eks-cluster");
    cluster = new EksCluster("prod", {
      clusterName: "gitops-production",
      vpcId: "vpc-1",
      privateSubnetIds: ["subnet-p1", "subnet-p2", "subnet-p3"],
      publicSubnetIds: ["subnet-u1"],
      kubernetesVersion: "1.33",
      nodeGroups: [
        { name: "general", instanceTypes: ["m6i.large"], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGb: 50 },
        { name: "batch", instanceTypes: ["c6i.xlarge"], minSize: 0, desiredSize: 0, maxSize: 10, diskSizeGb: 100 },
      ],
      adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
    });
    await valueOf(cluster.nodeSecurityGroupId);
    await settle();
  });

  it("runs a pinned version in private subnets with a private endpoint", () => {
    const c = cloud.one("eks:index:Cluster").inputs;
    assert.equal(c.version, "1.33");
    assert.deepEqual(c.privateSubnetIds, ["subnet-p1", "subnet-p2", "subnet-p3"]);
    assert.equal(c.endpointPublicAccess, false);
    assert.equal(c.endpointPrivateAccess, true);
    assert.equal(c.skipDefaultNodeGroup, true);
  });

  it("authenticates with access entries, not the aws-auth ConfigMap", () => {
    const c = cloud.one("eks:index:Cluster").inputs;
    assert.equal(c.authenticationMode, "API");
    assert.equal(c.accessEntries["platform-admin"].principalArn, "arn:aws:iam::123456789012:role/platform-admin");
  });

  it("encrypts Secrets with a rotating KMS key, enables IRSA and every control-plane log", () => {
    const c = cloud.one("eks:index:Cluster").inputs;
    assert.equal(c.encryptionConfigKeyArn, cloud.one("aws:kms/key:Key").inputs.arn ?? c.encryptionConfigKeyArn);
    assert.match(c.encryptionConfigKeyArn, /^arn:aws:kms:/);
    assert.equal(cloud.one("aws:kms/key:Key").inputs.enableKeyRotation, true);
    assert.equal(c.createOidcProvider, true);
    assert.deepEqual(c.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });

  it("sizes one managed node group per config entry in the private subnets", () => {
    const groups = cloud.ofType("eks:index:ManagedNodeGroup");
    assert.deepEqual(groups.map((g) => g.name).sort(), ["prod-batch", "prod-general"]);
    const general = cloud.one("eks:index:ManagedNodeGroup", "prod-general").inputs;
    assert.deepEqual(general.scalingConfig, { minSize: 3, desiredSize: 3, maxSize: 6 });
    assert.deepEqual(general.subnetIds, ["subnet-p1", "subnet-p2", "subnet-p3"]);
  });

  it("exposes the kubeconfig only as a secret and a provider built from it", async () => {
    assert.equal(await pulumi.isSecret(cluster.kubeconfig), true);
    const provider = cloud.one("pulumi:providers:kubernetes");
    assert.ok(isSecretInput(provider.inputs.kubeconfig), "the provider must receive the kubeconfig as a secret");
    assert.match(String(provider.inputs.kubeconfig.value), /mock\.eks/);
    assert.equal(await valueOf(cluster.nodeSecurityGroupId), "sg-eks-cluster");
  });

  it("refuses a cluster without node groups", async () => {
    const { EksCluster } = await import("../../components/cluster/eks-cluster");
    assert.throws(
      () => new EksCluster("empty", { clusterName: "x", vpcId: "v", privateSubnetIds: [], publicSubnetIds: [], kubernetesVersion: "1.33", nodeGroups: [] }),
      /nodeGroups must list at least one node group/,
    );
  });
});
