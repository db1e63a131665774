/**
 * `deploy`: `up` on each stack in promotion order (staging before production),
 * stopping at the first failure. Given the commit that was previewed, it refuses
 * to apply once the branch has moved: the plan reviewers saw is no longer the plan.
 */
import { PROMOTION_ORDER } from "../platform/layout";
import { BranchMovedError, ConfigurationError } from "./errors";
import { type OperationOptions, resolveOptions, runOnStack } from "./operation";
import type { DeployReport, StackDeployment } from "./types";

export interface DeployOptions extends OperationOptions {
  /** The commit that was previewed and approved. Default: none (no branch check). */
  readonly expectedCommit?: string;
  /** Reads the branch head now; required with `expectedCommit`. Checked before every stack. */
  readonly readBranchHead?: () => Promise<string>;
  /** Branch name used in messages. Default "main". */
  readonly branch?: string;
  /** Message recorded with each update. Default: none. */
  readonly message?: string;
  /** Resource operations the engine runs at once. Default: the engine's default. */
  readonly engineParallel?: number;
}

/**
 * Stacks in promotion order. Stacks outside the promotion order (e.g. `local`)
 * keep their given order and go first: they are never more production-like
 * than staging.
 */
export function promotionOrder(stacks: readonly string[], order: readonly string[] = PROMOTION_ORDER): string[] {
  const rank = (stack: string): number => order.indexOf(stack);
  return [...stacks.filter((s) => rank(s) < 0), ...stacks.filter((s) => rank(s) >= 0).sort((a, b) => rank(a) - rank(b))];
}

export async function deploy(options: DeployOptions = {}): Promise<DeployReport> {
  const context = resolveOptions(options);
  if (options.expectedCommit !== undefined && !options.readBranchHead) {
    throw new ConfigurationError("expectedCommit needs readBranchHead to compare against the branch head");
  }
  const ordered = promotionOrder(context.stacks);
  const done: StackDeployment[] = [];
  for (const [index, stack] of ordered.entries()) {
    try {
      await refuseIfBranchMoved(options, stack);
    } catch (error) {
      if (error instanceof BranchMovedError) error.completedStacks = done.map((d) => d.stack);
      throw error;
    }
    const run = await runOnStack(context, stack, {
      operation: "up",
      ...(options.message !== undefined ? { message: options.message } : {}),
      ...(options.engineParallel !== undefined ? { parallel: options.engineParallel } : {}),
    });
    if (run.ok) {
      done.push({ stack, status: "succeeded", ...run.changes, outputs: run.outputs });
      continue;
    }
    if (run.error.kind === "AbortedError") throw run.error;
    done.push({ stack, status: "failed", ...run.changes, outputs: {}, error: run.error.toFailure() });
    return { operation: "deploy", stacks: done, notRun: ordered.slice(index + 1), ok: false };
  }
  return { operation: "deploy", stacks: done, notRun: [], ok: true };
}

async function refuseIfBranchMoved(options: DeployOptions, stack: string): Promise<void> {
  if (options.expectedCommit === undefined || !options.readBranchHead) return;
  const head = (await options.readBranchHead()).trim();
  const expected = options.expectedCommit.trim();
  // Accept an abbreviated expected commit, never an abbreviated head.
  if (head !== expected && !(expected.length >= 7 && head.startsWith(expected))) {
    throw new BranchMovedError(options.branch ?? "main", expected, head, { stack });
  }
}
