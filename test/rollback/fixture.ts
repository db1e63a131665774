/**
 * A working repository with the platform's GitOps content and a bare remote, plus a stand-in
 * for Argo CD that reports every Application at the remote branch's tip with a health the test
 * chooses per commit. The real controller is exercised in test/local-platform/rollback.e2e.test.ts.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AppState, ArgoCdView } from "../../automation/rollback/argocd";

export const REPO = path.resolve(__dirname, "../..");

export interface RepoFixture {
  readonly workDir: string;
  readonly remote: string;
  git(...args: string[]): string;
  remoteTip(): string;
  /** Commits and pushes an image tag change to the example app in `env` (default local); returns the commit. */
  commitTag(tag: string, env?: string): string;
  cleanup(): void;
}

export function createRepoFixture(): RepoFixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rollback-"));
  const workDir = path.join(root, "work");
  const remote = path.join(root, "remote.git");
  fs.mkdirSync(workDir);
  for (const dir of ["apps", "argocd"]) fs.cpSync(path.join(REPO, dir), path.join(workDir, dir), { recursive: true });
  const git = (...args: string[]): string => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: workDir, encoding: "utf8" }).trim();
  execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch=main", remote]);
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "t@example.invalid");
  git("config", "user.name", "t");
  git("add", "--all");
  git("commit", "--quiet", "-m", "GitOps content");
  git("push", "--quiet", remote, "main");
  return {
    workDir,
    remote,
    git,
    remoteTip: () => execFileSync("git", ["rev-parse", "main"], { cwd: remote, encoding: "utf8" }).trim(),
    commitTag(tag, env = "local") {
      const file = path.join(workDir, `apps/overlays/${env}/api-service/kustomization.yaml`);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/newTag: \S+/, `newTag: ${tag}`));
      git("commit", "--quiet", "-am", `api-service: podinfo ${tag}`);
      git("push", "--quiet", remote, "main");
      return git("rev-parse", "HEAD");
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Argo CD as a function of the remote: every Application Synced at its tip, healthy unless `health` says otherwise. */
export function fakeArgoCd(fixture: RepoFixture, health: (revision: string) => string = () => "Healthy", env = "local"): ArgoCdView & { refreshed: string[][]; hardRefreshed: string[][] } {
  const refreshed: string[][] = [];
  const hardRefreshed: string[][] = [];
  return {
    refreshed,
    hardRefreshed,
    async list() {
      const revision = fixture.remoteTip();
      const state = (name: string): AppState => ({ name, sync: "Synced", health: health(revision), revision, images: [] });
      return new Map([`root-${env}`, `api-service-${env}`, "argocd"].map((n) => [n, state(n)]));
    },
    async refresh(names, options) {
      (options?.hard ? hardRefreshed : refreshed).push([...names]);
    },
  };
}
