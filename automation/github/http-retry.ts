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
  /** The error message of the response body, when it had one (tells a secondary rate limit from a plain 403). */
  readonly message?: string;
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason?: string };

/** GitHub documents waiting at least a minute after a secondary rate limit that names no time. */
export const SECONDARY_RATE_LIMIT_WAIT_MS = 60_000;

export function retryDecision(failure: HttpFailure, attempt: number, policy: HttpRetryPolicy, now: number = Date.now()): RetryDecision {
  const attempts = policy.attempts ?? 4;
  if (attempt >= attempts) return { retry: false, reason: `gave up after ${attempts} attempt(s)` };
  const max = policy.maxDelayMs ?? 60_000;
  const backoff = Math.min(max, (policy.baseDelayMs ?? 1_000) * 2 ** (attempt - 1));
  const headers = failure.headers ?? {};
  const retryAfter = retryAfterMs(headers["retry-after"], now);
  const { status } = failure;
  const bounded = (ms: number, what: string): RetryDecision =>
    ms <= max ? { retry: true, delayMs: Math.max(0, ms) } : { retry: false, reason: `${what} in ${Math.ceil(ms / 1000)} s, longer than the ${max / 1000} s we wait` };

  if (status === undefined || status >= 500) return retryAfter !== undefined ? bounded(retryAfter, "server asked to retry") : { retry: true, delayMs: backoff };
  const secondary = /secondary rate limit|abuse detection/i.test(failure.message ?? "");
  const rateLimited = status === 429 || (status === 403 && (secondary || retryAfter !== undefined || headers["x-ratelimit-remaining"] === "0"));
  if (!rateLimited) return { retry: false };
  if (retryAfter !== undefined) return bounded(retryAfter, "rate limit (retry-after)");
  // GitHub: with no requests left, wait until x-ratelimit-reset (epoch seconds).
  const reset = headers["x-ratelimit-reset"]?.trim() ?? "";
  if (headers["x-ratelimit-remaining"] === "0" && /^\d+$/.test(reset)) return bounded(Number(reset) * 1000 - now + 1_000, "rate limit resets");
  // A secondary rate limit (or a 429) that names no time: at least a minute.
  return bounded(Math.max(SECONDARY_RATE_LIMIT_WAIT_MS, backoff), "secondary rate limit, retry");
}

/** Retry-After in milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
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
