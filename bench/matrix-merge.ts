/**
 * The merge job of the largest matrix GitHub runs (256 stack jobs): parse every
 * uploaded JSON report, merge them against the plan (every 16th stack never
 * reported), and render the sticky comment parts. Prints the median time and
 * the input size. Target: under 1 s, so the merge job's cost is its start-up.
 *
 *   npm run bench:matrix
 */
import { performance } from "node:perf_hooks";
import { MAX_MATRIX_JOBS, matrixPlan, mergePreviewReports, parseStackReport, renderJsonReport, renderPreviewComment, type PreviewReport, type ResourceChange } from "../automation";
import { median } from "./timing";
import { verdict } from "./target";

const RESOURCES_PER_STACK = 40;
const TARGET_MS = 1_000;
const RUNS = 5;

function stackReport(stack: string): PreviewReport {
  const resources: ResourceChange[] = Array.from({ length: RESOURCES_PER_STACK }, (_, i) => ({
    urn: `urn:pulumi:${stack}::gitops-platform::kubernetes:core/v1:Namespace::team-${i}`,
    type: "kubernetes:core/v1:Namespace",
    name: `team-${i}`,
    op: i % 2 ? "update" : "create",
    steps: [i % 2 ? "update" : "create"],
    changedProperties: i % 2 ? ["metadata.labels.owner"] : [],
    replacementProperties: [],
    failed: false,
    state: "done",
  }));
  const counts = { create: RESOURCES_PER_STACK / 2, update: RESOURCES_PER_STACK / 2 };
  return { operation: "preview", stacks: [{ stack, status: "succeeded", counts, resources, diagnostics: [], policyViolations: [], outputChanges: [] }], notAffected: [], ok: true, hasChanges: true };
}

const stacks = Array.from({ length: MAX_MATRIX_JOBS }, (_, i) => `stack-${String(i).padStart(3, "0")}`);
const plan = matrixPlan("preview", { stacks, notAffected: [] });
const artifacts = stacks.filter((_, i) => i % 16 !== 0).map((stack) => ({ path: `reports/preview-report-${stack}/preview-report.json`, text: renderJsonReport(stackReport(stack)) }));

const times: number[] = [];
let parts: string[] = [];
let missing = 0;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const merged = mergePreviewReports(plan, artifacts.map(({ path, text }) => ({ source: path, report: parseStackReport(text, path) })));
  parts = renderPreviewComment(merged.report);
  times.push(performance.now() - started);
  missing = merged.missing.length;
}
const ms = median(times);
const inputMb = artifacts.reduce((sum, a) => sum + a.text.length, 0) / 2 ** 20;
console.log(`matrix merge: ${stacks.length} planned stacks, ${artifacts.length} reports (${inputMb.toFixed(1)} MB), ${missing} missing`);
verdict("matrix-merge", `parse + merge + render ${stacks.length} stack reports (median of ${RUNS})`, ms, "ms", TARGET_MS);
console.log(`  comment: ${parts.length} part(s), first ${parts[0]!.length} characters`);
