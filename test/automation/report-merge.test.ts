import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { renderDriftSummary, renderJsonReport, renderPreviewComment } from "../../automation";
import { matrixPlan } from "../../automation/matrix-plan";
import { type ReportSource, MISSING_REPORT, mergeDriftReports, mergePreviewReports } from "../../automation/report-merge";
import { parseStackReport } from "../../automation/report-schema";
import type { DriftReport, PreviewReport } from "../../automation/types";
import { FLEET, fleetReports, stacksWith } from "./helpers/matrix-fleet";

const planOf = (operation: "preview" | "drift", notAffected: string[] = []) => matrixPlan(operation, { stacks: FLEET, notAffected });

describe("merging the preview reports of a 50-job matrix", () => {
  let sources: ReportSource[];
  before(async () => {
    sources = await fleetReports("preview");
  });

  it("keeps every reported stack as its job reported it, in plan order", () => {
    const { report } = mergePreviewReports(planOf("preview", ["docs-only"]), sources);
    assert.deepEqual(report.stacks.map((s) => s.stack), FLEET);
    assert.deepEqual(report.notAffected, ["docs-only"]);
    for (const { report: job } of sources) {
      const stack = (job as PreviewReport).stacks[0]!;
      assert.deepEqual(report.stacks.find((s) => s.stack === stack.stack), stack);
    }
  });

  it("lists the stacks whose job failed and those that never reported, and the merge is not ok", () => {
    const merged = mergePreviewReports(planOf("preview"), sources);
    assert.deepEqual(merged.missing, stacksWith("missing"));
    assert.deepEqual(merged.failed, stacksWith("failed"));
    assert.equal(merged.missing.length, 5);
    assert.equal(merged.failed.length, 5);
    assert.equal(merged.report.ok, false);
    assert.equal(merged.report.hasChanges, true);
    for (const stack of merged.missing) {
      assert.deepEqual(merged.report.stacks.find((s) => s.stack === stack), {
        stack, status: "failed", counts: {}, resources: [], diagnostics: [], policyViolations: [], outputChanges: [], error: MISSING_REPORT,
      });
    }
    for (const stack of merged.failed) assert.equal(merged.report.stacks.find((s) => s.stack === stack)!.error!.kind, "ProgramError");
  });

  it("does not depend on the order the artifacts were downloaded in", () => {
    const forward = mergePreviewReports(planOf("preview"), sources);
    const backward = mergePreviewReports(planOf("preview"), [...sources].reverse());
    assert.deepEqual(backward, forward);
  });

  it("is ok with no changes when every job reported a clean preview", () => {
    const clean = sources.filter((s) => !(s.report as PreviewReport).stacks[0]!.resources.length && s.report.stacks[0]!.status === "succeeded");
    const stacks = clean.map((s) => s.report.stacks[0]!.stack);
    const merged = mergePreviewReports(matrixPlan("preview", { stacks, notAffected: [] }), clean);
    assert.deepEqual([merged.report.ok, merged.report.hasChanges, merged.missing, merged.failed], [true, false, [], []]);
  });

  it("renders one sticky comment whose first part tables all 50 stacks with the missing and failed ones marked", () => {
    const merged = mergePreviewReports(planOf("preview"), sources);
    const parts = renderPreviewComment(merged.report);
    assert.ok(parts.every((p) => p.length <= 65_536));
    const rows = parts[0]!.split("\n").filter((line) => line.startsWith("| `stack-"));
    assert.equal(rows.length, 50);
    for (const stack of stacksWith("missing")) assert.ok(rows.some((r) => r.startsWith(`| \`${stack}\``) && r.includes("❌ failed (MissingReportError)")), stack);
    for (const stack of stacksWith("failed")) assert.ok(rows.some((r) => r.startsWith(`| \`${stack}\``) && r.includes("❌ failed (ProgramError)")), stack);
    for (const stack of stacksWith("changed")) assert.ok(rows.some((r) => r.startsWith(`| \`${stack}\``) && r.includes("🟡 changes")), stack);
    assert.match(parts.join("\n"), /left no report: it failed before writing one, was cancelled or timed out/);
  });

  it("refuses a stack reported twice, a stack outside the plan, and another operation's report, naming the files", () => {
    const plan = planOf("preview");
    const copy = { ...sources[0]!, source: "elsewhere/preview-report.json" };
    assert.throws(() => mergePreviewReports(plan, [...sources, copy]), /stack "stack-01" is reported twice, in reports\/preview-report-stack-01\/preview-report.json and elsewhere\/preview-report.json/);
    const small = matrixPlan("preview", { stacks: ["stack-01"], notAffected: [] });
    assert.throws(() => mergePreviewReports(small, sources.slice(0, 2)), /preview-report-stack-02\/preview-report.json: reports stack "stack-02", which the plan has no job for \(planned: stack-01\)/);
    assert.throws(() => mergeDriftReports(planOf("drift"), sources.slice(0, 1)), /preview-report.json: operation is "preview", but the plan is for drift/);
    assert.throws(() => mergePreviewReports(planOf("drift"), []), /the plan is for drift, not preview/);
  });
});

describe("merging the drift reports of a 50-job matrix", () => {
  let sources: ReportSource[];
  before(async () => {
    sources = await fleetReports("drift");
  });

  it("keeps drifted and clean stacks, lists failed and missing ones, and is drifted but not ok", () => {
    const merged = mergeDriftReports(planOf("drift"), sources);
    const status = (outcome: string) => merged.report.stacks.filter((s) => s.status === outcome).map((s) => s.stack);
    assert.deepEqual(status("drifted"), stacksWith("changed"));
    assert.deepEqual(status("clean"), stacksWith("unchanged"));
    assert.deepEqual(status("failed"), [...stacksWith("missing"), ...stacksWith("failed")].sort());
    assert.deepEqual(merged.missing, stacksWith("missing"));
    assert.deepEqual(merged.failed, stacksWith("failed"));
    assert.deepEqual([merged.report.ok, merged.report.drifted], [false, true]);
    assert.deepEqual(merged.report.stacks.find((s) => s.stack === "stack-03")!.error, MISSING_REPORT);
  });

  it("renders a job summary with one row per stack and the missing ones explained", () => {
    const summary = renderDriftSummary(mergeDriftReports(planOf("drift"), sources).report);
    const rows = summary.split("\n").filter((line) => line.startsWith("| `stack-"));
    assert.equal(rows.length, 50);
    assert.ok(rows.find((r) => r.startsWith("| `stack-13`"))!.includes("❌ failed (MissingReportError)"));
    assert.ok(rows.find((r) => r.startsWith("| `stack-02`"))!.includes("⚠️ drifted"));
  });

  it("round-trips through the merged JSON artifact unchanged", () => {
    const { report } = mergeDriftReports(planOf("drift"), sources);
    const again = parseStackReport(renderJsonReport(report), "drift-report.json") as DriftReport;
    assert.deepEqual(again, report);
  });
});
