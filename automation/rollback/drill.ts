/**
 * The rollback drill: revert the newest commit an environment's Applications sync, push it,
 * time Argo CD until every affected Application (and the root app-of-apps) is Synced to the
 * revert and Healthy and stays there, then restore by reverting the revert and time it again.
 * On a failure or an abort the repository and the remote are put back as they were found,
 * or the report says exactly what to run.
 */
import { type AppTiming, type ArgoCdView, holdsSteady, unreconciled, watchApplications } from "./argocd";
import { displayRemote, guardRepository, RefusedError, restoreCommands, restoreRepository, type RestoreOutcome } from "./guard";
import { affectedApplications, readEnvironmentTargets, watchedPaths } from "./targets";

export interface RollbackDrillOptions {
  /** The working repository (a clone of the repository Argo CD pulls from). */
  readonly workDir: string;
  readonly env: string;
  readonly argocd: ArgoCdView;
  /** Required to drill production. Default false. */
  readonly confirmProduction?: boolean;
  /** Leave the revert in place instead of restoring. Default false. */
  readonly keep?: boolean;
  /** Remote name or URL to push to. Default: the user's remote for the Applications' repoURL, else that URL. */
  readonly remote?: string;
  /** Deadline per reconcile phase. Default 600,000 ms. */
  readonly timeoutMs?: number;
  /** How long every Application must stay at the target after reconciling. Default 20,000 ms. */
  readonly steadyMs?: number;
  /** Default 2,000 ms. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface DrillPhase {
  readonly name: "revert" | "restore";
  readonly commit: string;
  /** `re-applied`: reconciled, then something (a parent) moved an Application off the target. */
  readonly outcome: "reconciled" | "re-applied" | "failed" | "timeout" | "aborted";
  /** Push to every Application reconciled at once. */
  readonly elapsedMs: number;
  readonly applications: readonly AppTiming[];
  readonly detail?: string;
}

export interface DrillReport {
  readonly kind: "rollback-drill";
  readonly env: string;
  readonly result: "passed" | "failed" | "error";
  readonly reason?: string;
  readonly branch: string;
  readonly remote: string;
  readonly commits: { readonly original: string; readonly reverted: string; readonly revertedSubject: string; readonly revert?: string; readonly restore?: string };
  /** The Applications watched: the root app-of-apps, then those the reverted commit touches. */
  readonly applications: readonly string[];
  readonly phases: readonly DrillPhase[];
  readonly totalMs: number;
  readonly kept: boolean;
  /** Set when the drill did not finish: how the repository and remote were put back. */
  readonly cleanup?: RestoreOutcome;
}

/** Refuses (RefusedError) before changing anything; otherwise always returns a report, passed or not. */
export async function runRollbackDrill(options: RollbackDrillOptions): Promise<DrillReport> {
  const started = Date.now();
  if (options.env === "production" && !options.confirmProduction) throw new RefusedError("refusing to drill production without --confirm-production (the drill pushes a revert to the branch production syncs)");
  const progress = options.onProgress ?? (() => undefined);
  const targets = readEnvironmentTargets(options.workDir, options.env);
  const guarded = await guardRepository(options.workDir, targets, options.remote);
  const { repo, remote, branch, original } = guarded;
  const reverted = await repo.newestCommitTouching("HEAD", watchedPaths(targets));
  if (!reverted) throw new RefusedError(`no commit on ${branch} touches what the ${options.env} Applications sync (${watchedPaths(targets).join(", ")})`);
  if (reverted === (await repo.run(["rev-list", "--max-parents=0", "HEAD"])).split("\n")[0]) throw new RefusedError(`the newest commit touching the ${options.env} Applications is the repository's first (${reverted.slice(0, 12)}); reverting it would delete everything`);
  const revertedSubject = await repo.subject(reverted);
  const watched = [...new Set([targets.root.name, ...affectedApplications(targets, await repo.changedFiles(reverted))])];
  progress(`drilling ${options.env}: reverting ${reverted.slice(0, 12)} "${revertedSubject}" on ${branch} at ${displayRemote(remote)}; watching ${watched.join(", ")}`);

  const ours: string[] = [];
  const phases: DrillPhase[] = [];
  const commits: { original: string; reverted: string; revertedSubject: string; revert?: string; restore?: string } = { original, reverted, revertedSubject };
  const report = (result: DrillReport["result"], extra: Partial<DrillReport> = {}): DrillReport => ({
    kind: "rollback-drill", env: options.env, result, branch, remote: displayRemote(remote), commits, applications: watched, phases, totalMs: Date.now() - started, kept: Boolean(options.keep) && result === "passed", ...extra,
  });
  const giveUp = async (result: "failed" | "error", reason: string): Promise<DrillReport> => {
    progress(`${reason}; putting ${branch} back to ${original.slice(0, 12)}`);
    const cleanup = await restoreRepository(guarded, ours);
    // A rewound branch: Argo CD's repo server would keep resolving it to our commit until its cache expires.
    if (cleanup.restored && ours.length > 0) await options.argocd.list().then((apps) => options.argocd.refresh([...apps.keys()], { hard: true })).catch(() => undefined);
    progress(cleanup.restored ? cleanup.detail : `could not restore (${cleanup.detail}); run:\n  ${(cleanup.commands ?? []).join("\n  ")}`);
    return report(result, { reason, cleanup });
  };

  try {
    for (const name of options.keep ? (["revert"] as const) : (["revert", "restore"] as const)) {
      if (options.signal?.aborted) return await giveUp("error", `interrupted before the ${name}`);
      const commit = await repo.revert(name === "revert" ? reverted : commits.revert!);
      commits[name] = commit;
      const pushedAt = Date.now();
      await repo.push(remote, commit, branch);
      ours.push(commit);
      progress(`pushed ${name} ${commit.slice(0, 12)}; waiting for Argo CD (if this run is killed before it cleans up: ${restoreCommands(guarded, commit).join(" && ")})`);
      const phase = await reconcilePhase(options, watched, name, commit, pushedAt);
      phases.push(phase);
      progress(`${name}: ${phase.outcome} in ${(phase.elapsedMs / 1000).toFixed(1)} s${phase.detail ? ` (${phase.detail})` : ""}`);
      if (phase.outcome === "aborted") return await giveUp("error", `interrupted while waiting for the ${name}`);
      if (phase.outcome !== "reconciled") return await giveUp("failed", `the ${name} did not reconcile: ${phase.outcome}${phase.detail ? ` (${phase.detail})` : ""}`);
    }
  } catch (error) {
    return giveUp("error", error instanceof Error ? error.message : String(error));
  }
  return report("passed");
}

async function reconcilePhase(options: RollbackDrillOptions, watched: readonly string[], name: DrillPhase["name"], commit: string, pushedAt: number): Promise<DrillPhase> {
  const atCommit = (revision: string | undefined): boolean => revision === commit;
  await options.argocd.refresh(watched);
  const watch = await watchApplications(options.argocd, watched, atCommit, {
    timeoutMs: options.timeoutMs ?? 600_000,
    startedAt: pushedAt,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const base = { name, commit, elapsedMs: watch.elapsedMs, applications: watch.applications };
  if (watch.outcome !== "reconciled") {
    const detail = unreconciled(watch.applications);
    return { ...base, outcome: watch.outcome, ...(detail ? { detail } : {}) };
  }
  const moved = await holdsSteady(options.argocd, watched, atCommit, options.steadyMs ?? 20_000, { ...(options.pollMs ? { pollMs: options.pollMs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  if (options.signal?.aborted) return { ...base, outcome: "aborted" };
  return moved ? { ...base, outcome: "re-applied", detail: moved } : { ...base, outcome: "reconciled" };
}
