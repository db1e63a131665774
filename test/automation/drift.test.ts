import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_DRIFT_IGNORE, MASK, detectDrift, diffProperties } from "../../automation";
import { fakeSelector, fixture, withoutSummary } from "./helpers/fake-stack";

const drifted = { previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") }, up: { events: fixture("real-up-update.jsonl") } };
const clean = { previewRefresh: { events: fixture("real-refresh-clean.jsonl") }, up: { events: fixture("real-up-update.jsonl") } };
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

describe("detectDrift", () => {
  it("uses previewRefresh and reports property-level differences per resource", async () => {
    const selectStack = fakeSelector({ staging: drifted, production: clean });
    const report = await detectDrift({ selectStack });
    assert.deepEqual(selectStack.log.calls.map((c) => c.operation), ["previewRefresh", "previewRefresh"]);
    assert.equal(report.drifted, true);
    assert.equal(report.ok, true);
    const [staging, production] = report.stacks;
    assert.equal(production!.status, "clean");
    assert.equal(staging!.status, "drifted");
    const summary = Object.fromEntries(staging!.resources.map((r) => [r.name, r.kind === "deleted" ? "deleted" : r.properties]));
    assert.deepEqual(summary, {
      artifacts: [
        { path: "tags.owner", expected: "platform-team", actual: "someone-else" },
        { path: "versioning.enabled", expected: true, actual: false },
      ],
      payments: [{ path: 'metadata.labels["gitops-platform.io/team"]', expected: "payments", actual: "checkout" }],
      app: [{ path: "allocatedStorage", expected: 20, actual: 50 }],
      "legacy-flow-logs": "deleted",
    });
  });

  it("drops known provider noise and counts it", async () => {
    const report = await detectDrift({ selectStack: fakeSelector({ staging: drifted }), stacks: ["staging"] });
    const staging = report.stacks[0]!;
    assert.ok(!staging.resources.some((r) => r.name === "staging"), "the VPC differed only in tagsAll");
    // tagsAll.owner (bucket), resourceVersion + managedFields[1] (namespace), tagsAll (vpc)
    assert.equal(staging.ignoredDifferences, 4);
  });

  it("reports the noise when the ignore list is emptied, and honours exact-type rules", async () => {
    const all = await detectDrift({ selectStack: fakeSelector({ staging: drifted }), stacks: ["staging"], ignore: {} });
    assert.equal(all.stacks[0]!.ignoredDifferences, 0);
    assert.ok(all.stacks[0]!.resources.some((r) => r.properties.some((p) => p.path === "metadata.resourceVersion")));
    const exact = await detectDrift({
      selectStack: fakeSelector({ staging: drifted }),
      stacks: ["staging"],
      ignore: { "aws:s3/bucketV2:BucketV2": ["tagsAll", "versioning"], "aws:ec2/vpc:Vpc": ["tagsAll"] },
    });
    const bucket = exact.stacks[0]!.resources.find((r) => r.name === "artifacts")!;
    assert.deepEqual(bucket.properties.map((p) => p.path), ["tags.owner"]);
  });

  it("refuses to remediate production without confirmProduction, remediates staging", async () => {
    const selectStack = fakeSelector({ staging: drifted, production: drifted });
    const report = await detectDrift({ selectStack, remediate: true });
    assert.deepEqual(report.stacks.map((s) => [s.stack, s.remediation?.status]), [["staging", "succeeded"], ["production", "refused"]]);
    assert.deepEqual(selectStack.log.calls.filter((c) => c.operation === "up").map((c) => c.stack), ["staging"]);
    const remediation = selectStack.log.calls.find((c) => c.operation === "up")!;
    assert.equal((remediation.options as { refresh?: boolean }).refresh, true, "remediation refreshes before updating");
  });

  it("remediates production when confirmed", async () => {
    const selectStack = fakeSelector({ production: drifted });
    const report = await detectDrift({ selectStack, stacks: ["production"], remediate: true, confirmProduction: true });
    assert.equal(report.stacks[0]!.remediation?.status, "succeeded");
  });

  it("does not remediate clean stacks", async () => {
    const selectStack = fakeSelector({ staging: clean });
    await detectDrift({ selectStack, stacks: ["staging"], remediate: true });
    assert.ok(!selectStack.log.calls.some((c) => c.operation === "up"));
  });

  it("fails a stack whose refresh ends without a summary", async () => {
    const report = await detectDrift({
      selectStack: fakeSelector({ staging: { previewRefresh: { events: withoutSummary(fixture("real-refresh-kubernetes-drift.jsonl")) } } }),
      stacks: ["staging"],
    });
    assert.equal(report.ok, false);
    assert.equal(report.stacks[0]!.status, "failed");
  });
});

describe("diffProperties", () => {
  it("walks objects and arrays with Pulumi property paths", () => {
    assert.deepEqual(diffProperties({ a: { "b.c": [1, 2] }, d: 1 }, { a: { "b.c": [1, 3, 4] }, d: 1 }), [
      { path: 'a["b.c"][1]', expected: 2, actual: 3 },
      { path: 'a["b.c"][2]', expected: undefined, actual: 4 },
    ]);
  });

  it("masks both sides when either is secret, and cannot see changes between two secrets", () => {
    assert.deepEqual(diffProperties({ p: SIG }, { p: "plaintext-now" }), [{ path: "p", expected: MASK, actual: MASK }]);
    assert.deepEqual(diffProperties({ p: SIG }, { p: SIG }), []);
  });

  it("has a default ignore list for AWS tagsAll and Kubernetes bookkeeping", () => {
    assert.deepEqual(DEFAULT_DRIFT_IGNORE["aws:*"], ["tagsAll"]);
    assert.ok(DEFAULT_DRIFT_IGNORE["kubernetes:*"]!.includes("metadata.managedFields"));
  });
});
