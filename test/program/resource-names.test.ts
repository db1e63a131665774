import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RecordedResource } from "../support/mock-cloud";
import { type ProgramRun, runProgram } from "../support/stack-program";

/** Inputs that become a cloud or Kubernetes object's physical name: changing one replaces the object. */
const NAME_INPUTS = ["name", "namePrefix", "bucket", "bucketPrefix", "clusterName", "identifier", "identifierPrefix", "finalSnapshotIdentifier", "dbName", "roleName"];

function physicalNames(resource: RecordedResource): Record<string, unknown> {
  const names: Record<string, unknown> = {};
  for (const key of NAME_INPUTS) if (resource.inputs[key] !== undefined) names[key] = resource.inputs[key];
  const metadata = resource.inputs.metadata;
  if (metadata?.name !== undefined) names["metadata.name"] = metadata.name;
  if (metadata?.namespace !== undefined) names["metadata.namespace"] = metadata.namespace;
  return names;
}

/** Every resource's logical name with its physical names. */
function identities(run: ProgramRun): Record<string, Record<string, unknown>> {
  return Object.fromEntries(run.cloud.resources.map((r) => [`${r.type}::${r.name}`, physicalNames(r)]));
}

describe("resource names", () => {
  it("do not change when tags change, so a tag edit never replaces anything", async () => {
    const before = await runProgram("production");
    const after = await runProgram("production", (config) => {
      // Changed values, a removed key (cost-center) and a new key.
      config["gitops-platform:tags"] = { environment: "prod", owner: "someone-else", "new-tag": "x" };
    });
    const names = identities(before);
    assert.deepEqual(identities(after), names);
    const named = Object.values(names).filter((n) => Object.keys(n).length > 0).length;
    assert.ok(named >= 20, `only ${named} resources have a physical name input: the comparison would prove little`);
    for (const [type, key] of [["eks:index:Cluster", "name"], ["aws:secretsmanager/secret:Secret", "name"]] as const)
      assert.ok(before.cloud.ofType(type).every((r) => typeof r.inputs[key] === "string"), `${type} has a ${key} to compare`);
    const vpcTags = (run: ProgramRun) => run.cloud.one("aws:ec2/vpc:Vpc").inputs.tags;
    assert.equal(vpcTags(after).owner, "someone-else", "the changed tags must reach the resources");
    assert.equal(vpcTags(after)["cost-center"], undefined, "the removed tag must leave the resources");
    assert.equal(vpcTags(before)["cost-center"], "platform");
  });
});
