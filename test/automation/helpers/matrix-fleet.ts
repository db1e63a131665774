/**
 * Fifty stacks as a CI matrix sees them: most report, some fail, some jobs die
 * before reporting. Each stack's outcome follows from its number, so tests can
 * say what they expect without repeating the table.
 */
import { renderJsonReport } from "../../../automation";
import { detectDrift } from "../../../automation/drift";
import { preview } from "../../../automation/preview";
import { parseStackReport } from "../../../automation/report-schema";
import type { ReportSource } from "../../../automation/report-merge";
import { type FakeStackOptions, fakeSelector, fixture, withPrintedSecret } from "./fake-stack";

export type Outcome = "changed" | "unchanged" | "failed" | "missing";

export const FLEET = Array.from({ length: 50 }, (_, i) => `stack-${String(i + 1).padStart(2, "0")}`);

/** stack-x3 never reports, stack-x7 fails, even stacks change (or drift), the rest are clean. */
export function outcomeOf(stack: string): Outcome {
  const n = Number(stack.slice(-2));
  if (n % 10 === 3) return "missing";
  if (n % 10 === 7) return "failed";
  return n % 2 === 0 ? "changed" : "unchanged";
}

export const stacksWith = (outcome: Outcome): string[] => FLEET.filter((s) => outcomeOf(s) === outcome);

/** Secret config of every stack; the changed stacks' engine events carry it (the program prints it, and the engine did not know it was secret). */
export const SECRET = "hunter2-staging-db-password";

const failure = () => new Error("error: an unhandled exception in the Pulumi program");

/** Fake engine stacks for the whole fleet (a missing stack's job would have run it too, then died). */
export function fleetStacks(): Record<string, FakeStackOptions> {
  return Object.fromEntries(
    FLEET.map((stack): [string, FakeStackOptions] => {
      const outcome = outcomeOf(stack);
      if (outcome === "failed") return [stack, { preview: { events: fixture("real-preview-program-error.jsonl"), error: failure }, previewRefresh: { error: failure } }];
      return outcome === "changed"
        ? [stack, { preview: { events: withPrintedSecret(fixture("real-preview-kubernetes.jsonl"), SECRET) }, previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") }, secretConfig: [SECRET] }]
        : [stack, { preview: { events: fixture("real-preview-no-changes.jsonl") }, previewRefresh: { events: fixture("real-refresh-clean.jsonl") } }];
    }),
  );
}

/** What each matrix job uploads: its one stack's report, as the JSON artifact round-trips it. */
export async function fleetReports(operation: "preview" | "drift"): Promise<ReportSource[]> {
  const selectStack = fakeSelector(fleetStacks());
  const sources: ReportSource[] = [];
  for (const stack of FLEET.filter((s) => outcomeOf(s) !== "missing")) {
    const options = { stacks: [stack], selectStack, workDir: "/repo", lockRetry: { attempts: 1 } };
    const report = operation === "preview" ? await preview(options) : await detectDrift(options);
    const source = `reports/${operation}-report-${stack}/${operation}-report.json`;
    sources.push({ source, report: parseStackReport(renderJsonReport(report), source) });
  }
  return sources;
}
