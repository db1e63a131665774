/**
 * When to retry an HTTP call to GitHub (or a webhook) and how long to wait:
 * server errors, timeouts and network failures back off exponentially; rate
 * limits wait as long as the server says, unless that is longer than we are
 * willing to wait.
 */
import { abortableSleep } from "../concurrency";

export interface HttpRetryPolicy {
  /** Total attempts, including the first. Default 4. */
  readonly attempts?: number;
  /** First backoff delay; doubles each retry. Default 1,000 ms. */
  readonly baseDelayMs?: number;
  /** Longest single wait; a rate limit that resets later than this is reported, not waited for. Default 60,000 ms. */
  readonly maxDelayMs?: number;
  /** How to wait. Default: a timer that stops early when the signal aborts. Injected by tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface HttpFailure {
  /** HTTP status; undefined for network errors and timeouts. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason?: string };

export function retryDecision(failure: HttpFailure, attempt: number, policy: HttpRetryPolicy, now: number = Date.now()): RetryDecision {
  const attempts = policy.attempts ?? 4;
  if (attempt >= attempts) return { retry: false, reason: `gave up after ${attempts} attempt(s)` };
  const max = policy.maxDelayMs ?? 60_000;
  const backoff = Math.min(max, (policy.baseDelayMs ?? 1_000) * 2 ** (attempt - 1));
  const headers = failure.headers ?? {};
  const retryAfter = seconds(headers["retry-after"]);
  const { status } = failure;
  const bounded = (ms: number, what: string): RetryDecision =>
    ms <= max ? { retry: true, delayMs: Math.max(0, ms) } : { retry: false, reason: `${what} in ${Math.ceil(ms / 1000)} s, longer than the ${max / 1000} s we wait` };

  if (status === undefined || status >= 500) return retryAfter !== undefined ? bounded(retryAfter * 1000, "server asked to retry") : { retry: true, delayMs: backoff };
  const rateLimited = status === 429 || (status === 403 && (retryAfter !== undefined || headers["x-ratelimit-remaining"] === "0"));
  if (!rateLimited) return { retry: false };
  if (retryAfter !== undefined) return bounded(retryAfter * 1000, "rate limit (retry-after)");
  const reset = seconds(headers["x-ratelimit-reset"]);
  if (reset !== undefined) return bounded(reset * 1000 - now + 1_000, "rate limit resets");
  return { retry: true, delayMs: backoff };
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Calls `attempt` until it succeeds or `retryDecision` says stop; `describe`
 * tells which failures are HTTP failures (anything else is rethrown at once).
 */
export async function withHttpRetry<T>(
  attempt: (n: number) => Promise<T>,
  describe: (error: unknown) => HttpFailure | undefined,
  policy: HttpRetryPolicy,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  const sleep = policy.sleep ?? abortableSleep;
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      const failure = signal?.aborted ? undefined : describe(error);
      if (!failure) throw error;
      const decision = retryDecision(failure, n, policy);
      if (!decision.retry) throw Object.assign(error as object, { attempts: n, giveUpReason: decision.reason });
      await sleep(decision.delayMs, signal);
    }
  }
}
