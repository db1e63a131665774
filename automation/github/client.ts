/**
 * An Octokit for the platform: token auth, configurable base URL (GHES, tests),
 * silent logging (callers decide what to print), a timeout per request, and
 * retries for server errors and rate limits. Failures surface as GitHubApiError.
 */
import type { Octokit } from "@octokit/rest";
import { type HttpFailure, type HttpRetryPolicy, withHttpRetry } from "./http-retry";
import { pageTitle, strictFetch } from "./strict-fetch";

export interface GitHubClientOptions {
  /** A token with the permissions the caller needs (e.g. GITHUB_TOKEN). Required. */
  readonly token: string;
  /** REST API root. Default "https://api.github.com"; GHES uses "https://host/api/v3". */
  readonly baseUrl?: string;
  /** Retries for 5xx, timeouts and rate limits. Default: 4 attempts, 1 s doubling, at most 60 s. */
  readonly retry?: HttpRetryPolicy;
  /** Milliseconds before one request is abandoned (and retried). Default 30,000. */
  readonly requestTimeoutMs?: number;
  /** Cancels in-flight requests and stops retrying. Default: none. */
  readonly signal?: AbortSignal;
  /** The HTTP transport, wrapped so only complete, well-formed responses get through. Default: global fetch. */
  readonly fetch?: typeof fetch;
}

export type GitHubClient = Octokit;

/** A GitHub API call that failed for good. */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    readonly attempts: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "GitHubApiError";
  }
}

const SILENT = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token) throw new Error("a GitHub token is required (set GITHUB_TOKEN)");
  // Loaded here, not at the top: every `gitops` command imports this module, few talk to GitHub.
  const { Octokit } = require("@octokit/rest") as typeof import("@octokit/rest");
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    userAgent: "gitops-platform",
    log: SILENT,
    request: { fetch: strictFetch(options.fetch) },
  });
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  octokit.hook.wrap("request", async (request, endpoint) => {
    const method = String(endpoint.method ?? "GET");
    const path = String(endpoint.url ?? "");
    try {
      const { value } = await withHttpRetry(
        () =>
          withTimeout(timeoutMs, options.signal, async (signal) => {
            // before-after-hook binds the original options to every hook in the chain,
            // so a fresh signal per attempt has to be set on that object, not on a copy.
            endpoint.request = { ...endpoint.request, signal };
            return request(endpoint);
          }),
        (error) => describeFailure(error, method),
        options.retry ?? {},
        options.signal,
      );
      return value;
    } catch (error) {
      throw toApiError(error, method, path);
    }
  });
  return octokit;
}

/** Runs `call` with a signal that aborts after `ms` or when `outer` aborts; listeners are removed afterwards. */
async function withTimeout<T>(ms: number, outer: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(Object.assign(new Error(`no response within ${ms} ms`), { name: "TimeoutError" })), ms);
  const onAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}

/**
 * Which failures may be retried. Without a complete response (timeout, reset,
 * a body cut off) a POST may already have been applied, so only idempotent
 * methods are retried then; a status response (5xx, rate limit) is retried
 * for every method.
 */
function describeFailure(error: unknown, method: string): HttpFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { status?: unknown; name?: unknown; response?: { headers?: Record<string, string>; data?: unknown } };
  const idempotent = method.toUpperCase() !== "POST";
  // Octokit reports a timeout, network failure or an incomplete body as a RequestError with status 500 and no response.
  if (e.response === undefined) return idempotent && (typeof e.status === "number" || e.name === "AbortError") ? {} : undefined;
  const data = e.response.data as { message?: unknown } | undefined;
  return { status: Number(e.status), headers: e.response.headers ?? {}, ...(typeof data?.message === "string" ? { message: data.message } : {}) };
}

function toApiError(error: unknown, method: string, path: string): Error {
  if (error instanceof GitHubApiError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    status?: number;
    message?: string;
    attempts?: number;
    giveUpReason?: string;
    request?: { url?: string };
    response?: unknown;
  };
  const url = e.request?.url ? new URL(e.request.url).pathname : path;
  const attempts = e.attempts ?? 1;
  // Octokit gives failures without a response the status 500; that status was never sent.
  const status = typeof e.status === "number" && e.response !== undefined ? e.status : undefined;
  const message = e.message?.trimStart().startsWith("<") ? `an HTML page${pageTitle(e.message)}` : e.message;
  const detail = [status !== undefined ? `HTTP ${status}` : "no complete response", message].filter(Boolean).join(": ");
  const unknownOutcome = status === undefined && method.toUpperCase() === "POST";
  const reason = e.giveUpReason && !e.giveUpReason.startsWith("gave up") ? e.giveUpReason : undefined;
  const tail = [
    attempts > 1 ? `after ${attempts} attempts` : undefined,
    reason,
    unknownOutcome ? "not retried: the request may have been applied" : undefined,
  ].filter(Boolean).join("; ");
  return new GitHubApiError(`GitHub API ${method} ${url} failed: ${detail}${tail ? ` (${tail})` : ""}`, method, url, status, attempts, { cause: error });
}
