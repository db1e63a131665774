/**
 * `detectDrift`: a dry-run refresh (`previewRefresh`, not the deprecated
 * `refresh({ previewOnly })`) per stack, reported property by property.
 * Remediation is opt-in, and production refuses it without `confirmProduction`.
 */
import { mapBounded } from "./concurrency";
import { DEFAULT_DRIFT_IGNORE, type DriftIgnoreRules, collectDrift } from "./drift-diff";
import { type OperationContext, type OperationOptions, resolveOptions, runOnStack } from "./operation";
import type { DriftReport, StackDrift } from "./types";
import { HANDED_OFF_OUTPUT } from "../components/ownership";
import type { EngineStack } from "./engine/stack";

export interface DriftOptions extends OperationOptions {
  /** Stacks refreshed at once. Default 4. */
  readonly parallel?: number;
  /** Property paths to ignore per resource type. Default DEFAULT_DRIFT_IGNORE (replace, or spread it to extend). */
  readonly ignore?: DriftIgnoreRules;
  /** Run `up` (with refresh) on drifted stacks to restore the declared state. Default false. */
  readonly remediate?: boolean;
  /** Allow remediation of production stacks. Default false: production drift is reported, never fixed silently. */
  readonly confirmProduction?: boolean;
  /** Which stacks count as production. Default ["production"]. */
  readonly productionStacks?: readonly string[];
  /**
   * Refresh the resources the stack hands off to Argo CD too (its `handedOffToArgoCd`
   * output). Default false: they are Argo CD's to keep in sync after the hand-off.
   */
  readonly includeHandedOff?: boolean;
}

export async function detectDrift(options: DriftOptions = {}): Promise<DriftReport> {
  const context = resolveOptions(options);
  const rules = options.ignore ?? DEFAULT_DRIFT_IGNORE;
  const stacks = await mapBounded(
    context.stacks,
    options.parallel ?? 4,
    (stack) => driftOf(context, stack, rules, options),
    context.signal,
  );
  return {
    operation: "drift",
    stacks,
    ok: stacks.every((s) => s.status !== "failed"),
    drifted: stacks.some((s) => s.status === "drifted"),
  };
}

async function driftOf(context: OperationContext, stack: string, rules: DriftIgnoreRules, options: DriftOptions): Promise<StackDrift> {
  const run = await runOnStack(context, stack, {
    operation: "previewRefresh",
    observe: () => collectDrift(rules, context.redactor),
    ...(options.includeHandedOff ? {} : { exclude: handedOffResources }),
  });
  const drift = run.observer?.finish() ?? { resources: [], ignoredDifferences: 0 };
  const diagnostics = run.changes.diagnostics;
  if (!run.ok) return { stack, status: "failed", ...drift, diagnostics, error: run.error.toFailure() };
  if (drift.resources.length === 0) return { stack, status: "clean", ...drift, diagnostics };
  const result: StackDrift = { stack, status: "drifted", ...drift, diagnostics };
  if (!options.remediate) return result;
  const production = options.productionStacks ?? ["production"];
  if (production.includes(stack) && !options.confirmProduction) {
    return { ...result, remediation: { status: "refused", reason: "production is never remediated without confirmProduction" } };
  }
  const fix = await runOnStack(context, stack, { operation: "up", refresh: true, message: "gitops drift remediation" });
  return fix.ok
    ? { ...result, remediation: { status: "succeeded" } }
    : { ...result, remediation: { status: "failed", reason: fix.error.message } };
}

/** The URNs the stack's program lists as handed off to Argo CD; none when it lists none. */
async function handedOffResources(stack: EngineStack): Promise<readonly string[]> {
  const listed = stack.outputs ? (await stack.outputs()).outputs[HANDED_OFF_OUTPUT]?.value : undefined;
  return Array.isArray(listed) ? listed.filter((urn): urn is string => typeof urn === "string" && urn.startsWith("urn:pulumi:")) : [];
}
