/**
 * Before anything is pushed: the working tree is clean, HEAD is on the branch the
 * environment's Applications track, and that branch has not moved on the remote. A refusal
 * changes nothing; it says what was found and what to do.
 */
import { GitRepository, remoteFor } from "./git";
import type { EnvironmentTargets } from "./targets";

export class RefusedError extends Error {
  override name = "RefusedError";
}

export interface GuardedRepository {
  readonly repo: GitRepository;
  /** A remote name or URL, as `git push` takes it. */
  readonly remote: string;
  readonly branch: string;
  /** HEAD, which is also the remote branch's tip. */
  readonly original: string;
}

/** A remote URL without credentials, for reports and messages. */
export const displayRemote = (remote: string): string => remote.replace(/^([a-z+]+:\/\/)[^@/]+@/i, "$1");

export async function guardRepository(workDir: string, targets: EnvironmentTargets, remoteOverride?: string): Promise<GuardedRepository> {
  const repo = new GitRepository(workDir);
  const dirty = await repo.dirtyFiles();
  if (dirty.length > 0) throw new RefusedError(`the working tree at ${workDir} has uncommitted changes (${dirty.slice(0, 5).join(", ")}${dirty.length > 5 ? ", …" : ""}); commit or stash them first`);
  const current = await repo.currentBranch();
  const branch = targets.branch === "HEAD" ? current : targets.branch;
  if (!branch || current !== branch)
    throw new RefusedError(`HEAD is on ${current ? `branch ${current}` : "a detached HEAD"}, but the ${targets.env} Applications track branch ${targets.branch}; check out ${targets.branch} first`);
  const remote = remoteOverride ?? (await remoteFor(repo, targets.repoUrl));
  const original = await repo.head();
  const tip = await repo.remoteTip(remote, branch);
  if (tip !== original)
    throw new RefusedError(`branch ${branch} moved: local ${original.slice(0, 12)}, ${displayRemote(remote)} ${tip ? tip.slice(0, 12) : "has no such branch"}; pull or push so they match, then run again`);
  return { repo, remote, branch, original };
}

/** The commands that put the repository and the remote back to `original`, for when we cannot. */
export function restoreCommands(guarded: GuardedRepository, remoteTip: string | undefined): string[] {
  const lease = remoteTip ? `--force-with-lease=refs/heads/${guarded.branch}:${remoteTip}` : "--force-with-lease";
  return [
    `git -C ${guarded.repo.dir} reset --hard ${guarded.original}`,
    `git -C ${guarded.repo.dir} push ${lease} ${displayRemote(guarded.remote)} ${guarded.original}:refs/heads/${guarded.branch}`,
  ];
}

export interface RestoreOutcome {
  readonly restored: boolean;
  /** What was done, or why not. */
  readonly detail: string;
  /** When not restored: what to run. */
  readonly commands?: readonly string[];
}

/**
 * Puts the local branch and the remote back to `original` after a failure. The remote is only
 * rewound when its tip is one of the commits we pushed (a lease), never over someone else's push.
 */
export async function restoreRepository(guarded: GuardedRepository, ours: readonly string[]): Promise<RestoreOutcome> {
  const { repo, remote, branch, original } = guarded;
  let tip: string | undefined;
  try {
    await repo.run(["revert", "--abort"], { allowFailure: true });
    await repo.resetHard(original);
    tip = await repo.remoteTip(remote, branch);
    if (tip === original) return { restored: true, detail: `local ${branch} reset to ${original.slice(0, 12)}; the remote was untouched` };
    if (!tip || !ours.includes(tip)) return { restored: false, detail: `the remote's ${branch} is at ${tip?.slice(0, 12) ?? "nothing"}, which is not ours; not rewinding it`, commands: restoreCommands(guarded, tip) };
    await repo.push(remote, original, branch, { leaseFrom: tip });
    return { restored: true, detail: `local and remote ${branch} reset to ${original.slice(0, 12)} (the remote was at our ${tip.slice(0, 12)})` };
  } catch (error) {
    return { restored: false, detail: error instanceof Error ? error.message : String(error), commands: restoreCommands(guarded, tip) };
  }
}
