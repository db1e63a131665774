/**
 * The Git operations the drill and the rollout need, on the user's working repository,
 * through the real `git` (their identity, credentials and hooks). Each failure names the
 * command and Git's own message.
 */
import { execFile } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
}

/** Who commits when the repository has no identity configured (CI runners have none). */
const FALLBACK_IDENTITY = { name: "gitops rollback", email: "gitops-rollback@users.noreply.github.com" };

export class GitRepository {
  constructor(readonly dir: string) {}

  run(args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile("git", [...args], { cwd: this.dir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } }, (error, stdout, stderr) => {
        if (error && !options.allowFailure) reject(new GitError(`git ${args.join(" ")} failed in ${this.dir}: ${(stderr || error.message).trim()}`));
        else resolve(error ? "" : stdout.trimEnd());
      });
    });
  }

  head(): Promise<string> {
    return this.run(["rev-parse", "HEAD"]);
  }

  async currentBranch(): Promise<string | undefined> {
    return (await this.run(["symbolic-ref", "--quiet", "--short", "HEAD"], { allowFailure: true })) || undefined;
  }

  /** Tracked files with changes, staged or not (untracked files do not block a revert). */
  async dirtyFiles(): Promise<string[]> {
    const status = await this.run(["status", "--porcelain", "--untracked-files=no"]);
    return status.split("\n").filter(Boolean).map((l) => l.slice(3));
  }

  /** The commit the remote branch points at, or undefined when it does not exist. */
  async remoteTip(remote: string, branch: string): Promise<string | undefined> {
    const line = await this.run(["ls-remote", remote, `refs/heads/${branch}`]);
    return line.split(/\s+/)[0] || undefined;
  }

  async resolveCommit(ref: string): Promise<string> {
    return this.run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
      throw new GitError(`--commit "${ref}" is not a commit in ${this.dir} (fetch it first?)`);
    });
  }

  /** The newest non-merge commit reachable from `ref` that touches any of `paths`. */
  async newestCommitTouching(ref: string, paths: readonly string[]): Promise<string | undefined> {
    return (await this.run(["log", "-1", "--no-merges", "--format=%H", ref, "--", ...paths])) || undefined;
  }

  async changedFiles(commit: string): Promise<string[]> {
    return (await this.run(["diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit])).split("\n").filter(Boolean);
  }

  subject(commit: string): Promise<string> {
    return this.run(["log", "-1", "--format=%s", commit]);
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return this.run(["merge-base", "--is-ancestor", ancestor, descendant]).then(() => true, () => false);
  }

  /** `git revert` of one commit on HEAD; returns the new commit. */
  async revert(commit: string, message?: string): Promise<string> {
    const identity = await this.identityArgs();
    const args = [...identity, "revert", "--no-edit", commit];
    await this.run(args).catch(async (error: Error) => {
      await this.run(["revert", "--abort"], { allowFailure: true });
      throw error;
    });
    if (message) await this.run([...identity, "commit", "--amend", "--quiet", "-m", message]);
    return this.head();
  }

  push(remote: string, commit: string, branch: string, options: { leaseFrom?: string } = {}): Promise<string> {
    const lease = options.leaseFrom ? [`--force-with-lease=refs/heads/${branch}:${options.leaseFrom}`] : [];
    return this.run(["push", "--quiet", ...lease, remote, `${commit}:refs/heads/${branch}`]);
  }

  resetHard(commit: string): Promise<string> {
    return this.run(["reset", "--quiet", "--hard", commit]);
  }

  private async identityArgs(): Promise<string[]> {
    const email = await this.run(["config", "user.email"], { allowFailure: true });
    return email ? [] : ["-c", `user.name=${FALLBACK_IDENTITY.name}`, "-c", `user.email=${FALLBACK_IDENTITY.email}`];
  }
}

/**
 * Which remote to push to: the user's remote whose URL is the one Argo CD pulls from (so their
 * credentials apply), else that URL itself.
 */
export async function remoteFor(repo: GitRepository, repoUrl: string): Promise<string> {
  const normalise = (u: string): string => u.replace(/\.git$/, "").replace(/\/+$/, "").replace(/^git@([^:]+):/, "https://$1/");
  const remotes = (await repo.run(["remote", "-v"], { allowFailure: true })).split("\n");
  for (const line of remotes) {
    const [name, url] = line.split(/\s+/);
    if (name && url && normalise(url) === normalise(repoUrl)) return name;
  }
  return repoUrl;
}
