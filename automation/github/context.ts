/**
 * The GitHub Actions run we are in, read from its environment on request (never
 * at import). Strict: a missing piece is named in the error.
 */

export interface GitHubRunContext {
  readonly owner?: string;
  readonly repo?: string;
  /** Pull request number, from the event payload or `refs/pull/<n>/merge`. */
  readonly pullRequest?: number;
  readonly sha?: string;
  readonly runUrl?: string;
  /** REST API root (GITHUB_API_URL), default https://api.github.com. */
  readonly apiUrl: string;
  readonly token?: string;
  /** File the job summary is appended to (GITHUB_STEP_SUMMARY). */
  readonly stepSummaryPath?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** @param readFile reads the event payload (GITHUB_EVENT_PATH); injected so tests need no files. */
export function readGitHubContext(env: Env, readFile: (path: string) => string): GitHubRunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const pullRequest = pullRequestFromEvent(env.GITHUB_EVENT_PATH, readFile) ?? pullRequestFromRef(env.GITHUB_REF);
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return {
    ...(owner && repo ? { owner, repo } : {}),
    ...(pullRequest !== undefined ? { pullRequest } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? { runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    ...(env.GITHUB_TOKEN ? { token: env.GITHUB_TOKEN } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { stepSummaryPath: env.GITHUB_STEP_SUMMARY } : {}),
  };
}

/** What posting to GitHub needs; throws naming every missing piece. */
export function requireRepository(context: GitHubRunContext, needs: { pullRequest: boolean }): { owner: string; repo: string; token: string; pullRequest: number } {
  const missing = [
    context.token ? undefined : "GITHUB_TOKEN",
    context.owner && context.repo ? undefined : "GITHUB_REPOSITORY (owner/repo)",
    !needs.pullRequest || context.pullRequest !== undefined ? undefined : "a pull request number (GITHUB_EVENT_PATH of a pull_request event, or GITHUB_REF refs/pull/<n>/merge)",
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) throw new Error(`cannot post to GitHub: missing ${missing.join(", ")}`);
  return { owner: context.owner!, repo: context.repo!, token: context.token!, pullRequest: context.pullRequest ?? 0 };
}

function pullRequestFromEvent(path: string | undefined, readFile: (path: string) => string): number | undefined {
  if (!path) return undefined;
  let event: { pull_request?: { number?: unknown }; number?: unknown };
  try {
    event = JSON.parse(readFile(path)) as typeof event;
  } catch {
    return undefined;
  }
  const value = event.pull_request?.number ?? event.number;
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

function pullRequestFromRef(ref: string | undefined): number | undefined {
  const match = ref?.match(/^refs\/pull\/(\d+)\//);
  return match ? Number(match[1]) : undefined;
}

/** GitHub rejects a job summary over 1 MiB per step. */
export const STEP_SUMMARY_LIMIT = 1_024 * 1_024;

/** The text to append to the job summary, cut with a note when it would exceed the limit. */
export function stepSummaryText(markdown: string, limit: number = STEP_SUMMARY_LIMIT): string {
  const text = `${markdown.trimEnd()}\n\n`;
  if (Buffer.byteLength(text, "utf8") <= limit) return text;
  const note = "\n\n_The summary was cut to fit GitHub's job summary limit; see the JSON artifact._\n\n";
  let cut = text.slice(0, limit - note.length * 2);
  while (Buffer.byteLength(cut + note, "utf8") > limit) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  return cut.slice(0, cut.lastIndexOf("\n")) + note;
}
