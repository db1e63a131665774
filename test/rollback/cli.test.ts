/** The two commands' argument handling and refusals through the CLI, in-process (no cluster is reached). */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { run } from "../../cli/main";
import { createRepoFixture, type RepoFixture } from "./fixture";

async function gitops(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { GITOPS_LAB_DIR: "/nonexistent-lab" } });
  return { code, stdout, stderr };
}

describe("gitops rollback-drill and rollout on the command line", () => {
  let fx: RepoFixture;
  beforeEach(() => (fx = createRepoFixture()));
  afterEach(() => fx.cleanup());

  it("require --env (and --commit for rollout), exit 1", async () => {
    const drill = await gitops(["rollback-drill"]);
    assert.equal(drill.code, 1);
    assert.match(drill.stderr, /required option '--env <name>' not specified/);
    const rollout = await gitops(["rollout", "--env", "staging"]);
    assert.equal(rollout.code, 1);
    assert.match(rollout.stderr, /required option '--commit <sha>' not specified/);
  });

  it("refuse production, a bad environment name and a dirty tree before touching the cluster or Git, exit 1", async () => {
    fx.commitTag("6.7.2");
    const production = await gitops(["rollback-drill", "--env", "production", "--work-dir", fx.workDir, "--remote", fx.remote]);
    assert.equal(production.code, 1);
    assert.match(production.stderr, /refusing to drill production without --confirm-production/);
    const bad = await gitops(["rollback-drill", "--env", "../x", "--work-dir", fx.workDir]);
    assert.match(bad.stderr, /--env must be an environment name .* got "\.\.\/x"/);
    fs.appendFileSync(path.join(fx.workDir, "apps/base/api-service/service.yaml"), "# wip\n");
    const dirty = await gitops(["rollback-drill", "--env", "local", "--work-dir", fx.workDir, "--remote", fx.remote]);
    assert.equal(dirty.code, 1);
    assert.match(dirty.stderr, /uncommitted changes \(apps\/base\/api-service\/service\.yaml\)/);
    assert.equal(fx.remoteTip(), fx.git("rev-parse", "HEAD"), "nothing pushed");
  });

  it("production rollouts without GitHub credentials are refused rather than left unguarded", async () => {
    const commit = fx.commitTag("6.7.2", "production");
    const rollout = await gitops(["rollout", "--env", "production", "--commit", commit, "--work-dir", fx.workDir]);
    assert.equal(rollout.code, 1);
    assert.match(rollout.stderr, /open a revert pull request on failure: set GITHUB_TOKEN and GITHUB_REPOSITORY, or pass --auto-revert/);
  });
});
