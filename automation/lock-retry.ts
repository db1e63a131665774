/**
 * Retrying an engine operation while another update holds the stack's lock.
 * The backend's lock is the only guard against concurrent writes, so we wait
 * for it rather than break it; after the last attempt the caller gets a
 * StackLockedError saying how long we waited.
 */
import { abortableSleep } from "./concurrency";
import { StackLockedError, classifyError } from "./errors";

export interface LockRetryPolicy {
  /** Total attempts, including the first. Default 4. */
  readonly attempts?: number;
  /** Delay before the first retry; doubles each time. Default 5,000 ms. */
  readonly baseDelayMs?: number;
  /** Upper bound for one delay. Default 60,000 ms. */
  readonly maxDelayMs?: number;
  /** How to wait; default: a timer that stops early when the signal aborts. Injected by tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface LockRetryContext {
  readonly stack: string;
  readonly signal?: AbortSignal;
  /** Called before each wait, e.g. to report progress. */
  readonly onRetry?: (retry: { attempt: number; delayMs: number; reason: string }) => void;
}

/** Runs `operation`; a lock failure is retried with exponential backoff, any other failure is classified and thrown. */
export async function withLockRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: LockRetryPolicy,
  context: LockRetryContext,
): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 4);
  const base = policy.baseDelayMs ?? 5_000;
  const max = policy.maxDelayMs ?? 60_000;
  const sleep = policy.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const failure = classifyError(error, { stack: context.stack, signal: context.signal });
      if (!(failure instanceof StackLockedError)) throw failure;
      if (attempt >= attempts) {
        throw new StackLockedError(
          `stack ${context.stack} is still locked after ${attempts} attempt(s): ${failure.message}`,
          { stack: context.stack, cause: error, attempts },
        );
      }
      const delayMs = Math.min(max, base * 2 ** (attempt - 1));
      context.onRetry?.({ attempt, delayMs, reason: failure.message });
      await sleep(delayMs, context.signal);
    }
  }
}
