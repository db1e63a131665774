import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runProgram } from "../support/stack-program";

describe("resource names", () => {
  it("do not change when tags change, so a tag edit never replaces anything", async () => {
    const before = await runProgram("production");
    const after = await runProgram("production", (config) => {
      config["gitops-platform:tags"] = { environment: "prod", owner: "someone-else", "new-tag": "x" };
    });
    const identities = (run: typeof before) => run.cloud.resources.map((r) => `${r.type}::${r.name}`).sort();
    assert.deepEqual(identities(after), identities(before));
    const vpcTags = (run: typeof before) => run.cloud.one("aws:ec2/vpc:Vpc").inputs.tags;
    assert.equal(vpcTags(after).owner, "someone-else", "the changed tags must reach the resources");
    assert.notDeepEqual(vpcTags(after), vpcTags(before));
  });
});
