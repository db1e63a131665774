import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_MATRIX_JOBS, matrixPlan, parseMatrixPlan, renderMatrixPlan } from "../../automation/matrix-plan";
import { parseStackReport } from "../../automation/report-schema";

describe("matrix plan", () => {
  it("is one JSON line whose matrix lists the stacks that get a job", () => {
    const text = renderMatrixPlan(matrixPlan("preview", { stacks: ["staging"], notAffected: ["production"] }));
    assert.equal(text.split("\n").length, 2, "one line and its newline, for $GITHUB_OUTPUT");
    assert.deepEqual(JSON.parse(text), { schemaVersion: 1, operation: "preview", stacks: ["staging"], notAffected: ["production"], matrix: { stack: ["staging"] } });
    assert.deepEqual(parseMatrixPlan(text, "plan.json"), JSON.parse(text));
  });

  it("refuses more stacks than a GitHub matrix runs", () => {
    const stacks = Array.from({ length: MAX_MATRIX_JOBS + 1 }, (_, i) => `s${i}`);
    assert.throws(() => matrixPlan("drift", { stacks, notAffected: [] }), /a GitHub Actions matrix runs at most 256 jobs, but 257 stacks are affected/);
    assert.equal(matrixPlan("drift", { stacks: stacks.slice(1), notAffected: [] }).matrix.stack.length, 256);
  });

  it("names the key, the value and the expectation of a bad plan file", () => {
    const good = matrixPlan("drift", { stacks: ["a", "b"], notAffected: [] });
    assert.throws(() => parseMatrixPlan("{nope", "plan.json"), /^Error: plan.json: not JSON/);
    assert.throws(() => parseMatrixPlan(JSON.stringify({ ...good, operation: "deploy" }), "plan.json"), /plan.json: operation is "deploy": .*"preview"\|"drift"/);
    assert.throws(() => parseMatrixPlan(JSON.stringify({ ...good, stacks: undefined }), "plan.json"), /plan.json: stacks is missing/);
    assert.throws(() => parseMatrixPlan(JSON.stringify({ ...good, matrix: { stack: ["a"] } }), "p"), /p: matrix.stack is \["a"\]: matrix.stack must list the same stacks as stacks/);
    assert.throws(() => parseMatrixPlan(JSON.stringify(matrixPlan("drift", { stacks: ["a", "a"], notAffected: [] })), "p"), /p: stacks lists "a" twice/);
  });
});

describe("reading a job's JSON report", () => {
  const report = {
    schemaVersion: 1,
    operation: "preview",
    stacks: [{ stack: "staging", status: "succeeded", counts: { same: 2 }, resources: [], diagnostics: [], policyViolations: [], outputChanges: [] }],
    notAffected: [],
    ok: true,
    hasChanges: false,
  };

  it("accepts the artifact and drops its schema version", () => {
    const { schemaVersion: _v, ...expected } = report;
    assert.deepEqual(parseStackReport(JSON.stringify({ ...report, commit: "abc" }), "r.json"), expected);
  });

  it("reads a report written before the run model's fields existed as the model says to", () => {
    const older = { ...report, stacks: [{ ...report.stacks[0], outputChanges: undefined, resources: [{ urn: "u", type: "t", name: "n", op: "update", steps: ["update"], changedProperties: [], replacementProperties: [], failed: false }] }] };
    const parsed = parseStackReport(JSON.stringify(older), "r.json");
    assert.ok(parsed.operation === "preview");
    assert.deepEqual(parsed.stacks[0]!.outputChanges, []);
    assert.equal(parsed.stacks[0]!.resources[0]!.state, "done");
  });

  it("names the file, key, value and expectation of every problem", () => {
    const bad = { ...report, stacks: [{ ...report.stacks[0], status: "bogus", counts: { same: -1 } }] };
    assert.throws(
      () => parseStackReport(JSON.stringify(bad), "reports/a/preview-report.json"),
      /^Error: reports\/a\/preview-report.json: stacks\[0\]\.status is "bogus": .*"succeeded"\|"failed".*; stacks\[0\]\.counts\.same is -1: /,
    );
    assert.throws(() => parseStackReport(JSON.stringify({ ...report, schemaVersion: 2 }), "r.json"), /r.json: schemaVersion is 2: /);
    assert.throws(() => parseStackReport(JSON.stringify({ ...report, operation: "deploy" }), "r.json"), /r.json: operation is "deploy": /);
    assert.throws(() => parseStackReport("", "r.json"), /r.json: not JSON/);
  });
});
