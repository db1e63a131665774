import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type ProgramRun, runProgram } from "../support/stack-program";

describe("staging stack (whole program under mocks)", () => {
  let run: ProgramRun;
  before(async () => { run = await runProgram("staging"); });

  it("spans two AZs behind a single NAT gateway", () => {
    const counts = run.cloud.countsByType();
    assert.equal(counts["aws:ec2/subnet:Subnet"], 4);
    assert.equal(counts["aws:ec2/natGateway:NatGateway"], 1);
    for (const table of run.cloud.ofType("aws:ec2/routeTable:RouteTable").filter((t) => t.name.includes("private")))
      assert.equal(table.inputs.routes[0].natGatewayId, "network-a-id");
    assert.equal(run.cloud.resources.length, 68, JSON.stringify(counts));
  });

  it("is not protected, lets buckets be emptied, and runs Argo CD without HA", () => {
    assert.ok(run.cloud.resources.every((r) => !r.protect), run.cloud.resources.filter((r) => r.protect).map((r) => r.name).join());
    assert.equal(run.cloud.one("aws:s3/bucket:Bucket").inputs.forceDestroy, true);
    assert.equal(run.cloud.one("kubernetes:helm.sh/v3:Release", "argocd-install").inputs.values["redis-ha"].enabled, false);
  });

  it("still keeps the database's deletion protection and final snapshot from its stack file", () => {
    const db = run.cloud.one("aws:rds/instance:Instance").inputs;
    assert.equal(db.deletionProtection, true);
    assert.equal(db.skipFinalSnapshot, false);
    assert.equal(db.multiAz, false);
  });
});
