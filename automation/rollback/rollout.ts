/**
 * The guarded rollout: after a deploy, watch the Applications a commit affects until they are
 * Synced and Healthy at it (or a later commit of the branch), or a deadline passes. When one
 * goes Degraded or its sync fails, revert the commit and verify recovery, or, in production
 * without --auto-revert, open a revert pull request for a human to merge.
 */
import { type AppTiming, type ArgoCdView, type AppState, unreconciled, watchApplications } from "./argocd";
import { GitRepository } from "./git";
import { displayRemote, guardRepository, RefusedError, restoreRepository } from "./guard";
import { affectedApplications, readEnvironmentTargets } from "./targets";

export interface RevertPullRequest {
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
}

export interface GuardedRolloutOptions {
  readonly workDir: string;
  readonly env: string;
  /** The deployed commit (any revision Git resolves). */
  readonly commit: string;
  readonly argocd: ArgoCdView;
  /** Revert directly in production instead of opening a pull request. Default false (other environments always revert). */
  readonly autoRevert?: boolean;
  /** Opens the revert pull request; required for production without autoRevert. */
  readonly openPullRequest?: (request: RevertPullRequest) => Promise<{ readonly url: string; readonly number: number }>;
  /** Remote name or URL to push to. Default: the user's remote for the Applications' repoURL, else that URL. */
  readonly remote?: string;
  /** Deadline for the rollout to become Synced and Healthy. Default 600,000 ms. */
  readonly timeoutMs?: number;
  /** Deadline for recovery after the revert. Default 600,000 ms. */
  readonly recoveryTimeoutMs?: number;
  /** Default 2,000 ms. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface RolloutPhase {
  readonly name: "watch" | "revert" | "recover" | "pull-request";
  readonly outcome: string;
  readonly elapsedMs: number;
  readonly detail?: string;
  readonly applications?: readonly AppTiming[];
}

export interface RolloutReport {
  readonly kind: "rollout";
  readonly env: string;
  readonly commit: string;
  readonly subject: string;
  /** passed: Healthy at the commit. reverted: it failed, was reverted and recovered. pull-request: a revert PR awaits review. failed: timed out, or recovery failed. */
  readonly result: "passed" | "reverted" | "pull-request" | "failed" | "error";
  readonly reason?: string;
  readonly applications: readonly string[];
  readonly phases: readonly RolloutPhase[];
  readonly revert?: { readonly commit: string; readonly remote: string; readonly branch: string };
  readonly pullRequest?: { readonly url: string; readonly number: number; readonly branch: string };
  readonly totalMs: number;
}

export async function runGuardedRollout(options: GuardedRolloutOptions): Promise<RolloutReport> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const targets = readEnvironmentTargets(options.workDir, options.env);
  const repo = new GitRepository(options.workDir);
  const commit = await repo.resolveCommit(options.commit);
  const subject = await repo.subject(commit);
  const prMode = options.env === "production" && !options.autoRevert;
  if (prMode && !options.openPullRequest) throw new RefusedError("production rollouts open a revert pull request on failure: set GITHUB_TOKEN and GITHUB_REPOSITORY, or pass --auto-revert");
  const watched = [...new Set([targets.root.name, ...affectedApplications(targets, await repo.changedFiles(commit))])];
  const phases: RolloutPhase[] = [];
  const report = (result: RolloutReport["result"], extra: Partial<RolloutReport> = {}): RolloutReport => ({ kind: "rollout", env: options.env, commit, subject, result, applications: watched, phases, totalMs: Date.now() - started, ...extra });
  const poll = { ...(options.pollMs ? { pollMs: options.pollMs } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  progress(`watching ${watched.join(", ")} for ${commit.slice(0, 12)} "${subject}"`);

  // As a push webhook would: without it Argo CD may take minutes to notice the commit.
  await options.argocd.refresh(watched);
  const atCommit = await descendantsOf(repo, commit, options.argocd);
  const watch = await watchApplications(atCommit.view, watched, atCommit.test, { timeoutMs: options.timeoutMs ?? 600_000, ...poll });
  const detail = unreconciled(watch.applications);
  phases.push({ name: "watch", outcome: watch.outcome, elapsedMs: watch.elapsedMs, applications: watch.applications, ...(detail ? { detail } : {}) });
  progress(`watch: ${watch.outcome} after ${(watch.elapsedMs / 1000).toFixed(1)} s${detail ? ` (${detail})` : ""}`);
  if (watch.outcome === "reconciled") return report("passed");
  if (watch.outcome === "aborted") return report("error", { reason: "interrupted while watching" });
  if (watch.outcome === "timeout") return report("failed", { reason: `not Synced and Healthy within ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s: ${detail}` });

  const guarded = await guardRepository(options.workDir, targets, options.remote);
  if (!(await repo.isAncestor(commit, guarded.original))) throw new RefusedError(`${commit.slice(0, 12)} is not on ${guarded.branch}; nothing to revert`);
  const revertStarted = Date.now();
  const revert = await repo.revert(commit);
  if (prMode) {
    const branch = `gitops/revert-${commit.slice(0, 12)}`;
    try {
      await repo.push(guarded.remote, revert, branch);
    } finally {
      await repo.resetHard(guarded.original);
    }
    const pr = await options.openPullRequest!({
      head: branch,
      base: guarded.branch,
      title: `Revert "${subject}"`,
      body: `The guarded rollout of ${commit} in ${options.env} failed:\n\n${detail}\n\nThis pull request reverts it. Merging it lets Argo CD sync ${options.env} back.\n`,
    });
    phases.push({ name: "pull-request", outcome: "opened", elapsedMs: Date.now() - revertStarted, detail: pr.url });
    progress(`opened revert pull request ${pr.url}`);
    return report("pull-request", { reason: detail, pullRequest: { ...pr, branch } });
  }
  try {
    await repo.push(guarded.remote, revert, guarded.branch);
  } catch (error) {
    await restoreRepository(guarded, []);
    throw error;
  }
  phases.push({ name: "revert", outcome: "pushed", elapsedMs: Date.now() - revertStarted, detail: revert });
  progress(`pushed revert ${revert.slice(0, 12)}; waiting for recovery`);
  await options.argocd.refresh(watched);
  const recovered = await descendantsOf(repo, revert, options.argocd);
  const recovery = await watchApplications(recovered.view, watched, recovered.test, { timeoutMs: options.recoveryTimeoutMs ?? 600_000, failFast: false, ...poll });
  const recoveryDetail = unreconciled(recovery.applications);
  phases.push({ name: "recover", outcome: recovery.outcome, elapsedMs: recovery.elapsedMs, applications: recovery.applications, ...(recoveryDetail ? { detail: recoveryDetail } : {}) });
  progress(`recover: ${recovery.outcome} after ${(recovery.elapsedMs / 1000).toFixed(1)} s`);
  const revertInfo = { commit: revert, remote: displayRemote(guarded.remote), branch: guarded.branch };
  if (recovery.outcome !== "reconciled") return report("failed", { reason: `reverted, but not recovered: ${recovery.outcome}${recoveryDetail ? ` (${recoveryDetail})` : ""}`, revert: revertInfo });
  return report("reverted", { reason: detail, revert: revertInfo });
}

/**
 * "At the commit or later": a revision counts when it is the commit or a descendant of it in
 * the local repository. Ancestry needs Git (async), so the view resolves new revisions as it
 * lists and the predicate reads the cache.
 */
async function descendantsOf(repo: GitRepository, commit: string, view: ArgoCdView): Promise<{ view: ArgoCdView; test: (revision: string | undefined) => boolean }> {
  const known = new Map<string, boolean>([[commit, true]]);
  const resolve = async (revision: string | undefined): Promise<void> => {
    if (revision && !known.has(revision)) known.set(revision, await repo.isAncestor(commit, revision));
  };
  return {
    view: {
      refresh: (names) => view.refresh(names),
      async list() {
        const states: ReadonlyMap<string, AppState> = await view.list();
        for (const s of states.values()) {
          await resolve(s.revision);
          await resolve(s.operation?.revision);
        }
        return states;
      },
    },
    test: (revision) => (revision ? known.get(revision) === true : false),
  };
}
