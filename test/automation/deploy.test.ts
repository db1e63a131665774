import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BranchMovedError, ConfigurationError, MASK, deploy, promotionOrder } from "../../automation";
import { fakeSelector, fixture, lockedError } from "./helpers/fake-stack";

const up = { events: fixture("real-up-update.jsonl") };

describe("deploy", () => {
  it("runs up in promotion order whatever order the stacks are given in", async () => {
    const selectStack = fakeSelector({ staging: { up }, production: { up } });
    const report = await deploy({ selectStack, stacks: ["production", "staging"] });
    assert.equal(report.ok, true);
    assert.deepEqual(selectStack.log.calls.map((c) => `${c.operation}:${c.stack}`), ["up:staging", "up:production"]);
    assert.deepEqual(report.stacks.map((s) => s.stack), ["staging", "production"]);
  });

  it("puts stacks outside the promotion order first", () => {
    assert.deepEqual(promotionOrder(["production", "local", "staging"]), ["local", "staging", "production"]);
  });

  it("stops at the first failure and lists what did not run", async () => {
    const selectStack = fakeSelector({ staging: { up: { events: fixture("real-preview-program-error.jsonl"), error: new Error("error: update failed") } }, production: { up } });
    const report = await deploy({ selectStack });
    assert.equal(report.ok, false);
    assert.deepEqual(report.stacks.map((s) => [s.stack, s.status]), [["staging", "failed"]]);
    assert.deepEqual(report.notRun, ["production"]);
    assert.ok(!selectStack.log.calls.some((c) => c.stack === "production"));
  });

  it("refuses before any stack when the branch has moved since the previewed commit", async () => {
    const selectStack = fakeSelector({ staging: { up }, production: { up } });
    await assert.rejects(
      deploy({ selectStack, expectedCommit: "aaaaaaaaaaaa", readBranchHead: async () => "bbbbbbbbbbbbbbbb" }),
      (error: unknown) => error instanceof BranchMovedError && error.expectedCommit === "aaaaaaaaaaaa" && /main is at bbbbbbbbbbbb/.test(error.message),
    );
    assert.equal(selectStack.log.calls.length, 0);
  });

  it("checks the branch again before production and refuses if it moved during staging", async () => {
    const heads = ["abc1234def", "fff0000"];
    const selectStack = fakeSelector({ staging: { up }, production: { up } });
    const error = await deploy({ selectStack, expectedCommit: "abc1234", readBranchHead: async () => heads.shift()! }).catch((e: unknown) => e);
    assert.ok(error instanceof BranchMovedError);
    assert.deepEqual(error.completedStacks, ["staging"]);
    assert.deepEqual(selectStack.log.calls.map((c) => c.stack), ["staging"]);
  });

  it("deploys when the head is the previewed commit (abbreviated expected commit accepted)", async () => {
    const report = await deploy({ selectStack: fakeSelector({ staging: { up } }), stacks: ["staging"], expectedCommit: "abc1234", readBranchHead: async () => "abc1234def567\n" });
    assert.equal(report.ok, true);
  });

  it("requires readBranchHead with expectedCommit", async () => {
    await assert.rejects(deploy({ selectStack: fakeSelector({}), expectedCommit: "abc" }), ConfigurationError);
  });

  it("masks secret outputs and registers them so later text is masked too", async () => {
    const selectStack = fakeSelector({
      staging: { up: { ...up, outputs: { dbPassword: { value: "Gen3rated-Passw0rd", secret: true }, endpoint: { value: "db.example", secret: false } } } },
    });
    const report = await deploy({ selectStack, stacks: ["staging"] });
    assert.deepEqual(report.stacks[0]!.outputs, { dbPassword: MASK, endpoint: "db.example" });
    assert.ok(!JSON.stringify(report).includes("Gen3rated"));
  });

  it("reports a lock that outlasts the retries as StackLockedError and stops", async () => {
    const selectStack = fakeSelector({ staging: { up: { error: lockedError } }, production: { up } });
    const report = await deploy({ selectStack, lockRetry: { attempts: 2, sleep: async () => {} } });
    assert.equal(report.stacks[0]!.error!.kind, "StackLockedError");
    assert.deepEqual(report.notRun, ["production"]);
  });
});
