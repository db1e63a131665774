/**
 * Merges the per-stack reports of a CI matrix (one job per stack) into the one
 * report a single runner would have produced, so the same renderers write the
 * same sticky comment, job summary and drift issues. A stack of the plan
 * without a report becomes a failed stack (MissingReportError): a job that
 * died, was cancelled or timed out is listed, never dropped.
 */
import { changesSomething } from "./changes";
import type { MatrixOperation, MatrixPlan } from "./matrix-plan";
import type { StackReport } from "./report-schema";
import type { OperationFailure } from "./errors";
import type { DriftReport, PreviewReport, StackDrift, StackPreview } from "./types";

/** A parsed report and where it came from (its path), for error messages. */
export interface ReportSource {
  readonly source: string;
  readonly report: StackReport;
}

export interface MergedReport<R extends StackReport> {
  readonly report: R;
  /** Stacks of the plan no report covers, in plan order. */
  readonly missing: readonly string[];
  /** Stacks whose report says they failed, in plan order. */
  readonly failed: readonly string[];
}

export const MISSING_REPORT: OperationFailure = {
  kind: "MissingReportError",
  message: "This stack's job left no report: it failed before writing one, was cancelled or timed out. See the workflow run.",
};

export function mergePreviewReports(plan: MatrixPlan, sources: readonly ReportSource[]): MergedReport<PreviewReport> {
  const found = collectStacks<StackPreview>(plan, "preview", sources);
  const stacks = plan.stacks.map(
    (stack): StackPreview =>
      found.get(stack) ?? { stack, status: "failed", counts: {}, resources: [], diagnostics: [], policyViolations: [], outputChanges: [], error: MISSING_REPORT },
  );
  const report: PreviewReport = {
    operation: "preview",
    stacks,
    notAffected: [...plan.notAffected],
    ok: stacks.every((s) => s.status === "succeeded"),
    hasChanges: stacks.some((s) => s.resources.some((r) => changesSomething(r.op))),
  };
  return { report, missing: plan.stacks.filter((s) => !found.has(s)), failed: plan.stacks.filter((s) => found.get(s)?.status === "failed") };
}

export function mergeDriftReports(plan: MatrixPlan, sources: readonly ReportSource[]): MergedReport<DriftReport> {
  const found = collectStacks<StackDrift>(plan, "drift", sources);
  const stacks = plan.stacks.map(
    (stack): StackDrift => found.get(stack) ?? { stack, status: "failed", resources: [], ignoredDifferences: 0, diagnostics: [], error: MISSING_REPORT },
  );
  const report: DriftReport = {
    operation: "drift",
    stacks,
    ok: stacks.every((s) => s.status !== "failed"),
    drifted: stacks.some((s) => s.status === "drifted"),
  };
  return { report, missing: plan.stacks.filter((s) => !found.has(s)), failed: plan.stacks.filter((s) => found.get(s)?.status === "failed") };
}

/** Every stack entry of the reports by name; a report of another operation, a stack outside the plan or one reported twice is an error, not a guess. */
function collectStacks<S extends StackPreview | StackDrift>(plan: MatrixPlan, operation: MatrixOperation, sources: readonly ReportSource[]): Map<string, S> {
  if (plan.operation !== operation) throw new Error(`the plan is for ${plan.operation}, not ${operation}`);
  const found = new Map<string, { entry: S; source: string }>();
  for (const { source, report } of sources) {
    if (report.operation !== operation) {
      throw new Error(`${source}: operation is "${report.operation}", but the plan is for ${operation}; keep each operation's reports in their own directory`);
    }
    for (const entry of report.stacks as readonly S[]) {
      if (!plan.stacks.includes(entry.stack)) {
        throw new Error(`${source}: reports stack "${entry.stack}", which the plan has no job for (planned: ${plan.stacks.join(", ") || "none"})`);
      }
      const earlier = found.get(entry.stack);
      if (earlier) throw new Error(`stack "${entry.stack}" is reported twice, in ${earlier.source} and ${source}`);
      found.set(entry.stack, { entry, source });
    }
  }
  return new Map([...found].map(([stack, { entry }]) => [stack, entry]));
}
