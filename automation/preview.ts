/**
 * `preview`: every stack the change affects, in parallel with a bound, one
 * typed report. A stack that fails does not stop the others; the report says
 * which failed and why.
 */
import { affectedStacks } from "./affected";
import { stackHasChanges } from "./changes";
import { mapBounded } from "./concurrency";
import { type OperationOptions, resolveOptions, runOnStack } from "./operation";
import type { PreviewReport, StackPreview } from "./types";

export interface PreviewOptions extends OperationOptions {
  /**
   * Repository-relative paths the change touches; stacks they do not affect are
   * skipped. Default: undefined, meaning every stack is previewed.
   */
  readonly changedFiles?: readonly string[];
  /** Stacks previewed at once. Default 4. */
  readonly parallel?: number;
  /** Resource operations the engine runs at once inside one stack. Default: the engine's default. */
  readonly engineParallel?: number;
}

export async function preview(options: PreviewOptions = {}): Promise<PreviewReport> {
  const context = resolveOptions(options);
  const affected = affectedStacks(options.changedFiles, context.stacks);
  for (const stack of affected.notAffected) {
    context.onProgress({ kind: "skipped", stack, reason: "not affected by the changed files" });
  }
  const stacks = await mapBounded(
    affected.stacks,
    options.parallel ?? 4,
    async (stack): Promise<StackPreview> => {
      const run = await runOnStack(context, stack, {
        operation: "preview",
        ...(options.engineParallel !== undefined ? { parallel: options.engineParallel } : {}),
      });
      return run.ok
        ? { stack, status: "succeeded", ...run.changes }
        : { stack, status: "failed", ...run.changes, error: run.error.toFailure() };
    },
    context.signal,
  );
  return {
    operation: "preview",
    stacks,
    notAffected: affected.notAffected,
    ok: stacks.every((s) => s.status === "succeeded"),
    hasChanges: stacks.some(stackHasChanges),
  };
}
