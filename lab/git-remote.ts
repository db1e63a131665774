/**
 * The lab's Git remote: bare repositories under <stateDir>/git, served read-write by
 * git-daemon on loopback. Argo CD pulls from git://127.0.0.1:<port>/<name>.git exactly as
 * it pulls from GitHub elsewhere, and the URL is the same on every machine, so the local
 * stack's config and the generated Applications can name it.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LOOPBACK, loopbackUrl, type ComponentSpec } from "./components";
import type { LabConfig } from "./config";
import type { LabPaths } from "./paths";

const run = promisify(execFile);

/** The repository the platform's own content is published to. */
export const LAB_REPOSITORY = "gitops-platform";
/** The branch Argo CD tracks in the lab (the local stack's argocd.targetRevision). */
export const LAB_BRANCH = "main";

export function gitDaemonSpec(config: LabConfig, paths: LabPaths, binary: string): ComponentSpec {
  const basePath = `--base-path=${paths.gitDir}`;
  return {
    name: "git-daemon",
    binary,
    args: [
      basePath,
      "--export-all",
      // Tests and the rollback drill push through the same URL Argo CD pulls from.
      "--enable=receive-pack",
      "--reuseaddr",
      "--informative-errors",
      `--listen=${LOOPBACK}`,
      `--port=${config.ports.gitDaemon}`,
      paths.gitDir,
    ],
    ports: [config.ports.gitDaemon],
    health: { url: loopbackUrl("git", config.ports.gitDaemon), healthy: (body) => body === "connected" },
    signature: basePath,
  };
}

/** The URL Argo CD and users clone the lab's repository from. */
export const labRepositoryUrl = (config: LabConfig, name = LAB_REPOSITORY): string => `${loopbackUrl("git", config.ports.gitDaemon)}/${name}.git`;

/** The bare repository's directory (what `git daemon` serves as `<name>.git`). */
export const labRepositoryDir = (paths: LabPaths, name = LAB_REPOSITORY): string => path.join(paths.gitDir, `${name}.git`);

async function git(args: readonly string[], cwd?: string, binary = "git"): Promise<string> {
  try {
    const { stdout } = await run(binary, [...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`git ${args.join(" ")} failed${cwd ? ` in ${cwd}` : ""}: ${(e.stderr || e.message).trim()}`);
  }
}

/** Creates the bare repository once; pushes may rewrite its branch (the lab mirrors a working tree). */
export async function ensureBareRepository(paths: LabPaths, name = LAB_REPOSITORY, binary = "git"): Promise<string> {
  const dir = labRepositoryDir(paths, name);
  if (!fs.existsSync(path.join(dir, "HEAD"))) {
    fs.mkdirSync(dir, { recursive: true });
    await git(["init", "--quiet", "--bare", `--initial-branch=${LAB_BRANCH}`, dir], undefined, binary);
    await git(["config", "receive.denyNonFastForwards", "false"], dir, binary);
  }
  return dir;
}

export interface PublishResult {
  readonly url: string;
  readonly branch: string;
  readonly commit: string;
  /** The working tree had changes that were not committed, so they are not in the published commit. */
  readonly uncommittedChanges: boolean;
  /** The branch already pointed at this commit. */
  readonly unchanged: boolean;
}

/**
 * Publishes the HEAD commit of the working tree at `from` to the lab remote's branch (forced:
 * the lab remote mirrors the checkout it was published from).
 */
export async function publishRepository(config: LabConfig, paths: LabPaths, from: string, binary = "git"): Promise<PublishResult> {
  const top = await git(["rev-parse", "--show-toplevel"], from, binary).catch(() => {
    throw new Error(`cannot publish ${from} to the lab's Git remote: it is not inside a Git working tree`);
  });
  const commit = await git(["rev-parse", "HEAD"], top, binary);
  const dir = await ensureBareRepository(paths, LAB_REPOSITORY, binary);
  const before = await git(["rev-parse", "--verify", "--quiet", `refs/heads/${LAB_BRANCH}`], dir, binary).catch(() => "");
  if (before !== commit) await git(["push", "--quiet", "--force", dir, `${commit}:refs/heads/${LAB_BRANCH}`], top, binary);
  const status = await git(["status", "--porcelain", "--untracked-files=no"], top, binary);
  return { url: labRepositoryUrl(config), branch: LAB_BRANCH, commit, uncommittedChanges: status !== "", unchanged: before === commit };
}
