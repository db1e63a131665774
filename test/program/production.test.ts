import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type ProgramRun, runProgram } from "../support/stack-program";

describe("production stack (whole program under mocks)", () => {
  let run: ProgramRun;
  before(async () => { run = await runProgram("production"); });

  it("registers the expected resources", () => {
    const counts = run.cloud.countsByType();
    const expected: Record<string, number> = {
      "gitops:network:Network": 1,
      "aws:ec2/vpc:Vpc": 1,
      "aws:ec2/subnet:Subnet": 6,
      "aws:ec2/natGateway:NatGateway": 3,
      "aws:ec2/eip:Eip": 3,
      "aws:ec2/routeTable:RouteTable": 4,
      "aws:ec2/flowLog:FlowLog": 1,
      "eks:index:Cluster": 1,
      "eks:index:ManagedNodeGroup": 1,
      "aws:rds/instance:Instance": 1,
      "aws:s3/bucket:Bucket": 1,
      "kubernetes:core/v1:Namespace": 3,
      "kubernetes:core/v1:ResourceQuota": 1,
      "kubernetes:helm.sh/v3:Release": 2,
      "kubernetes:argoproj.io/v1alpha1:AppProject": 3,
      "kubernetes:argoproj.io/v1alpha1:Application": 2,
      "kubernetes:external-secrets.io/v1:ClusterSecretStore": 1,
      "kubernetes:monitoring.coreos.com/v1:PrometheusRule": 1,
    };
    for (const [type, count] of Object.entries(expected)) assert.equal(counts[type] ?? 0, count, type);
    assert.equal(run.cloud.resources.length, 77, `total resources: ${JSON.stringify(counts)}`);
  });

  it("protects the data and Argo CD against pulumi destroy", () => {
    for (const type of ["aws:rds/instance:Instance", "aws:s3/bucket:Bucket", "aws:secretsmanager/secret:Secret", "kubernetes:helm.sh/v3:Release"])
      for (const r of run.cloud.ofType(type).filter((r) => !r.name.startsWith("secrets-"))) assert.equal(r.protect, true, `${type} ${r.name}`);
  });

  it("runs Argo CD highly available and points the root app at argocd/applications/production", () => {
    const release = run.cloud.one("kubernetes:helm.sh/v3:Release", "argocd-install").inputs;
    assert.equal(release.values["redis-ha"].enabled, true);
    assert.equal(release.values.server.replicas, 2);
    const root = run.cloud.one("kubernetes:argoproj.io/v1alpha1:Application", "argocd-application-root-production").inputs;
    assert.equal(root.spec.source.path, "argocd/applications/production");
  });

  it("exports the kubeconfig as a secret and never the database password", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const program = require("../../index") as { kubeconfig: import("@pulumi/pulumi").Output<string> };
    assert.equal(await pulumi.isSecret(program.kubeconfig), true);
    assert.doesNotMatch(JSON.stringify(run.outputs), /Generated-Password/);
    assert.equal(run.outputs.databaseSecretName, "gitops-platform/production/app/postgres");
  });
});
