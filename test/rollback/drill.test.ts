/**
 * The drill's and the rollout's Git side against a real repository and remote, with Argo CD
 * stood in by the remote's tip (see fixture.ts): what is reverted and pushed, what is restored
 * on failure and abort, and the revert pull request through the project's GitHub client.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createGitHubClient } from "../../automation/github/client";
import { openPullRequest } from "../../automation/github/pulls";
import { renderDrillMarkdown, renderDrillText, renderRolloutMarkdown } from "../../automation/render/rollback";
import { runRollbackDrill } from "../../automation/rollback/drill";
import { RefusedError } from "../../automation/rollback/guard";
import { runGuardedRollout } from "../../automation/rollback/rollout";
import { startFakeGitHub } from "../automation/helpers/github-server";
import { createRepoFixture, fakeArgoCd, type RepoFixture } from "./fixture";

const FAST = { pollMs: 20, steadyMs: 100, timeoutMs: 2_000 };

describe("the rollback drill (Git side)", () => {
  let fx: RepoFixture;
  beforeEach(() => (fx = createRepoFixture()));
  afterEach(() => fx.cleanup());

  it("reverts the newest commit the Applications sync, restores it, and reports both phases", async () => {
    const tagged = fx.commitTag("6.7.2");
    fs.writeFileSync(path.join(fx.workDir, "NOTES.md"), "not synced by anything\n");
    fx.git("add", "NOTES.md");
    fx.git("commit", "--quiet", "-m", "notes");
    fx.git("push", "--quiet", fx.remote, "main");
    const argocd = fakeArgoCd(fx);
    const report = await runRollbackDrill({ workDir: fx.workDir, env: "local", argocd, remote: fx.remote, ...FAST });
    assert.equal(report.result, "passed", report.reason);
    assert.equal(report.commits.reverted, tagged, "the notes commit touches nothing Argo CD syncs");
    assert.deepEqual(report.applications, ["root-local", "api-service-local"]);
    assert.deepEqual(report.phases.map((p) => [p.name, p.outcome]), [["revert", "reconciled"], ["restore", "reconciled"]]);
    assert.equal(fx.remoteTip(), report.commits.restore);
    assert.match(fx.git("show", "--format=", report.commits.revert!), /-\s+newTag: 6\.7\.2\n\+\s+newTag: 6\.7\.1/);
    assert.equal(fx.git("diff", tagged, report.commits.restore!, "--", "apps"), "", "restored content equals the drilled commit's");
    assert.deepEqual(argocd.refreshed, [["root-local", "api-service-local"], ["root-local", "api-service-local"]]);
    assert.match(renderDrillMarkdown(report), /## ✅ Rollback drill: local passed[\s\S]*\| revert \| `[0-9a-f]{12}` \| reconciled \|/);
    assert.match(renderDrillText(report), /^rollback drill local: PASSED/);
  });

  it("--keep leaves the revert on the remote", async () => {
    fx.commitTag("6.7.2");
    const report = await runRollbackDrill({ workDir: fx.workDir, env: "local", argocd: fakeArgoCd(fx), remote: fx.remote, keep: true, ...FAST });
    assert.equal(report.result, "passed");
    assert.equal(report.kept, true);
    assert.equal(report.commits.restore, undefined);
    assert.equal(fx.remoteTip(), report.commits.revert);
  });

  it("refuses production, a dirty tree, a moved branch and a lone first commit, pushing nothing", async () => {
    const argocd = fakeArgoCd(fx);
    const tip = fx.remoteTip();
    await assert.rejects(runRollbackDrill({ workDir: fx.workDir, env: "production", argocd, remote: fx.remote }), /without --confirm-production/);
    await assert.rejects(runRollbackDrill({ workDir: fx.workDir, env: "local", argocd, remote: fx.remote }), /repository's first/);
    fx.commitTag("6.7.2");
    fs.appendFileSync(path.join(fx.workDir, "argocd/projects/local.yaml"), "# wip\n");
    await assert.rejects(runRollbackDrill({ workDir: fx.workDir, env: "local", argocd, remote: fx.remote }), (e: Error) => e instanceof RefusedError && /uncommitted changes \(argocd\/projects\/local\.yaml\)/.test(e.message));
    fx.git("checkout", "--", ".");
    fx.git("commit", "--quiet", "--allow-empty", "-m", "unpushed");
    await assert.rejects(runRollbackDrill({ workDir: fx.workDir, env: "local", argocd, remote: fx.remote }), /branch main moved: local [0-9a-f]{12}, .*remote\.git [0-9a-f]{12}/);
    assert.notEqual(fx.remoteTip(), tip);
    assert.equal(fx.remoteTip(), fx.git("rev-parse", "HEAD~1"), "the refusals pushed nothing");
  });

  it("a revert that never gets Healthy fails (exit 2 in the CLI) and puts local and remote back", async () => {
    const tagged = fx.commitTag("6.7.2");
    const argocd = fakeArgoCd(fx, (revision) => (revision === tagged ? "Healthy" : "Degraded"));
    const report = await runRollbackDrill({ workDir: fx.workDir, env: "local", argocd, remote: fx.remote, ...FAST });
    assert.equal(report.result, "failed");
    assert.match(report.reason!, /the revert did not reconcile: failed \(root-local: health Degraded; api-service-local: health Degraded\)/);
    assert.equal(report.cleanup?.restored, true);
    assert.equal(fx.remoteTip(), tagged);
    assert.equal(fx.git("rev-parse", "HEAD"), tagged);
  });

  it("aborted while waiting, puts local and remote back; when someone pushed meanwhile, prints what to run instead", async () => {
    const tagged = fx.commitTag("6.7.2");
    const controller = new AbortController();
    const never = fakeArgoCd(fx, () => "Progressing");
    const aborted = runRollbackDrill({ workDir: fx.workDir, env: "local", argocd: never, remote: fx.remote, ...FAST, signal: controller.signal, onProgress: (m) => m.startsWith("pushed revert") && setTimeout(() => controller.abort(), 50) });
    const report = await aborted;
    assert.equal(report.result, "error");
    assert.match(report.reason!, /interrupted while waiting for the revert/);
    assert.deepEqual([fx.remoteTip(), fx.git("rev-parse", "HEAD")], [tagged, tagged]);
    assert.deepEqual(never.hardRefreshed, [["root-local", "api-service-local", "argocd"]], "Argo CD is told the branch was rewound");

    const other = createRepoFixture();
    try {
      const theirs = other.commitTag("9.9.9");
      const report2 = await runRollbackDrill({
        workDir: fx.workDir, env: "local", argocd: never, remote: fx.remote, ...FAST,
        // Someone else force-pushes over our revert while we wait.
        onProgress: (m) => void (m.startsWith("pushed revert") && other.git("push", "--quiet", "--force", fx.remote, `${theirs}:refs/heads/main`)),
      });
      assert.equal(report2.result, "failed");
      assert.equal(report2.cleanup?.restored, false);
      assert.equal(fx.remoteTip(), theirs, "never rewinds over someone else's push");
      assert.deepEqual(report2.cleanup?.commands, [
        `git -C ${fx.workDir} reset --hard ${tagged}`,
        `git -C ${fx.workDir} push --force-with-lease=refs/heads/main:${theirs} ${fx.remote} ${tagged}:refs/heads/main`,
      ]);
    } finally {
      other.cleanup();
    }
  });
});

describe("the guarded rollout (Git and GitHub side)", () => {
  let fx: RepoFixture;
  beforeEach(() => (fx = createRepoFixture()));
  afterEach(() => fx.cleanup());

  it("passes a healthy commit untouched and reverts a Degraded one outside production", async () => {
    const good = fx.commitTag("6.7.2");
    const passed = await runGuardedRollout({ workDir: fx.workDir, env: "local", commit: good, argocd: fakeArgoCd(fx), remote: fx.remote, ...FAST });
    assert.equal(passed.result, "passed");
    assert.equal(fx.remoteTip(), good);

    const bad = fx.commitTag("crashloop");
    const reverted = await runGuardedRollout({ workDir: fx.workDir, env: "local", commit: bad, argocd: fakeArgoCd(fx, (r) => (r === bad ? "Degraded" : "Healthy")), remote: fx.remote, ...FAST });
    assert.equal(reverted.result, "reverted");
    assert.deepEqual(reverted.phases.map((p) => [p.name, p.outcome]), [["watch", "failed"], ["revert", "pushed"], ["recover", "reconciled"]]);
    assert.equal(fx.remoteTip(), reverted.revert?.commit);
    assert.equal(fx.git("rev-parse", `${reverted.revert!.commit}^`), bad);
  });

  it("in production opens a revert pull request through the GitHub client, leaving main and the checkout alone", async () => {
    const github = await startFakeGitHub();
    try {
      const bad = fx.commitTag("crashloop", "production");
      const octokit = createGitHubClient({ token: "t0ken", baseUrl: github.url, retry: { attempts: 1 } });
      const argocd = fakeArgoCd(fx, (r) => (r === bad ? "Degraded" : "Healthy"), "production");
      await assert.rejects(runGuardedRollout({ workDir: fx.workDir, env: "production", commit: bad, argocd, remote: fx.remote, ...FAST }), /open a revert pull request .* GITHUB_TOKEN/);
      const report = await runGuardedRollout({
        workDir: fx.workDir, env: "production", commit: bad, argocd, remote: fx.remote, ...FAST,
        openPullRequest: (request) => openPullRequest({ octokit, owner: "acme", repo: "infra", ...request }),
      });
      assert.equal(report.result, "pull-request", report.reason);
      const pr = [...github.issues.values()].find((i) => i.pull_request);
      assert.deepEqual([pr?.head, pr?.base, pr?.title], [`gitops/revert-${bad.slice(0, 12)}`, "main", 'Revert "api-service: podinfo crashloop"']);
      assert.match(pr!.body, /api-service-production: health Degraded/);
      assert.equal(report.pullRequest?.url, `${github.url}/acme/infra/pull/${pr!.number}`);
      assert.equal(fx.remoteTip(), bad, "main is left for the pull request to change");
      assert.equal(fx.git("rev-parse", "HEAD"), bad);
      const branchTip = fx.git("ls-remote", fx.remote, `refs/heads/gitops/revert-${bad.slice(0, 12)}`).split(/\s+/)[0]!;
      assert.equal(fx.git("rev-parse", `${branchTip}^`), bad);
      assert.match(renderRolloutMarkdown(report), /Revert pull request: http/);
    } finally {
      await github.close();
    }
  });
});
