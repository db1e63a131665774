/**
 * The rollback drill, the guarded rollout and the Argo CD alerts against the lab's real Argo CD: one lab (control
 * plane, simulated nodes, Git remote, Argo CD's controllers, the `local` stack deployed) shared
 * by every case, driven through the `gitops` CLI as a user runs it, checked through Git and the
 * Kubernetes API rather than through the commands' own reports alone.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { engineFromToolchain } from "../../automation/engine/toolchain";
import { startLocalPlatform } from "../../automation/local-platform";
import { argocdAlertGroups } from "../../components/monitoring/argocd-alerts";
import { stringify } from "yaml";
import { requireTool } from "../support/tools";
import { KubeClient, labDown, labPublish, type LabOptions } from "../../lab";
import { waitForApplications } from "../../lab/argocd-sync";
import { REPO, type Sandbox, createSandbox, freePorts } from "./sandbox";

const TAG_LINE = /newTag: \S+/;

describe("the rollback drill and the guarded rollout on the lab's Argo CD", { timeout: 30 * 60_000 }, () => {
  let sandbox: Sandbox;
  let lab: LabOptions;
  let kube: KubeClient;
  let kubeconfig: string;
  let remoteUrl: string;

  const gitopsArgs = (args: string[]): string[] => [
    path.join(REPO, "bin/gitops.js"), ...args, "--work-dir", sandbox.workDir, "--kubeconfig", kubeconfig, ...(args.includes("--summary-file") ? [] : ["--no-summary-file"]),
  ];
  const gitops = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) =>
      execFile(process.execPath, gitopsArgs(args), { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr })));
  const remoteTip = (): string => sandbox.git("ls-remote", remoteUrl, "refs/heads/main").split(/\s+/)[0]!;
  const deploymentImage = async (): Promise<string> =>
    ((await kube.get<{ spec: { template: { spec: { containers: { image: string }[] } } } }>("/apis/apps/v1/namespaces/api-service/deployments/api-service"))!).spec.template.spec.containers[0]!.image;
  /** Commits an image tag change to the example app and publishes it (a push and the webhook's refresh). */
  const pushTag = async (tag: string): Promise<string> => {
    const file = path.join(sandbox.workDir, "apps/overlays/local/api-service/kustomization.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(TAG_LINE, `newTag: ${tag}`));
    sandbox.git("commit", "--quiet", "-am", `api-service: podinfo ${tag}`);
    return (await labPublish(sandbox.workDir, lab)).commit;
  };
  const settled = (revision: string) => waitForApplications(kube, { revision }, { timeoutMs: 300_000 });

  before(async () => {
    const ports = await freePorts();
    sandbox = createSandbox(ports);
    lab = { stateDir: sandbox.labDir, ports };
    const report = await startLocalPlatform({ workDir: sandbox.workDir, lab, engine: engineFromToolchain() });
    assert.equal(report.ok, true, JSON.stringify(report.applications));
    kubeconfig = path.join(sandbox.labDir, "kubeconfig");
    kube = KubeClient.fromKubeconfig(kubeconfig);
    remoteUrl = `git://127.0.0.1:${ports.gitDaemon}/gitops-platform.git`;
  });

  after(async () => {
    await labDown({ ...lab, purge: true }).catch(() => undefined);
    fs.rmSync(sandbox.root, { recursive: true, force: true });
  });

  it("refuses production, a dirty tree and a moved branch, changing nothing", async () => {
    const tip = remoteTip();
    const production = await gitops(["rollback-drill", "--env", "production"]);
    assert.equal(production.code, 1, production.stderr);
    assert.match(production.stderr, /--confirm-production/);

    const file = path.join(sandbox.workDir, "apps/overlays/local/api-service/kustomization.yaml");
    fs.appendFileSync(file, "# an edit in progress\n");
    const dirty = await gitops(["rollback-drill", "--env", "local"]);
    sandbox.git("checkout", "--", file);
    assert.equal(dirty.code, 1, dirty.stderr);
    assert.match(dirty.stderr, /uncommitted changes \(apps\/overlays\/local\/api-service\/kustomization\.yaml\)/);

    sandbox.git("commit", "--quiet", "--allow-empty", "-m", "a local commit nobody pushed");
    const moved = await gitops(["rollback-drill", "--env", "local"]);
    sandbox.git("reset", "--quiet", "--hard", "HEAD~1");
    assert.equal(moved.code, 1, moved.stderr);
    assert.match(moved.stderr, /branch main moved: local [0-9a-f]{12}, git:\/\/127\.0\.0\.1:\d+\/gitops-platform\.git [0-9a-f]{12}/);

    assert.equal(remoteTip(), tip, "no refusal pushed anything");
    assert.equal(sandbox.git("rev-parse", "HEAD"), tip);
  });

  it("drills the image-tag commit: reverted, Synced and Healthy at the revert, restored, timed per Application", async (t) => {
    const tagged = await pushTag("6.7.2");
    await settled(tagged);
    const reportFile = path.join(sandbox.root, "drill.json");
    const summaryFile = path.join(sandbox.root, "summary.md");
    const drill = await gitops(["rollback-drill", "--env", "local", "--steady", "10", "--report-file", reportFile, "--summary-file", summaryFile]);
    assert.equal(drill.code, 0, drill.stderr + drill.stdout);
    t.diagnostic(`stdout:\n${drill.stdout}\nstderr:\n${drill.stderr}`);
    assert.match(drill.stdout, /^rollback drill local: PASSED in [\d.]+ s\n/);
    assert.match(fs.readFileSync(summaryFile, "utf8"), /^## ✅ Rollback drill: local passed/);
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    assert.equal(report.result, "passed");
    assert.equal(report.commits.reverted, tagged);
    assert.deepEqual(report.applications, ["root-local", "api-service-local"]);
    assert.deepEqual(report.phases.map((p: { name: string; outcome: string }) => [p.name, p.outcome]), [["revert", "reconciled"], ["restore", "reconciled"]]);
    for (const phase of report.phases)
      for (const app of phase.applications) {
        assert.equal(typeof app.reconciledMs, "number", `${phase.name} ${app.name}`);
        assert.deepEqual([app.sync, app.health, app.revision], ["Synced", "Healthy", phase.commit]);
      }
    // The revert is the parent of the restore, and both are on the remote branch Argo CD tracks.
    assert.equal(sandbox.git("rev-parse", `${report.commits.restore}^`), report.commits.revert);
    assert.equal(sandbox.git("rev-parse", `${report.commits.revert}^`), tagged);
    assert.equal(remoteTip(), report.commits.restore);
    assert.equal(sandbox.git("rev-parse", "HEAD"), report.commits.restore);
    assert.equal(await deploymentImage(), "ghcr.io/stefanprodan/podinfo:6.7.2", "restored to the drilled commit's image");
    for (const phase of report.phases) t.diagnostic(`${phase.name}: ${phase.elapsedMs} ms (${phase.applications.map((a: { name: string; reconciledMs: number }) => `${a.name} ${a.reconciledMs} ms`).join(", ")})`);
  });

  it("killed half-way, puts the repository and the remote back as it found them", async () => {
    const before = sandbox.git("rev-parse", "HEAD");
    assert.equal(remoteTip(), before);
    const child: ChildProcess = spawn(process.execPath, gitopsArgs(["rollback-drill", "--env", "local"]), { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    await waitFor(async () => /pushed revert [0-9a-f]{12}/.test(stderr), "the drill to push its revert", 60_000);
    assert.match(stderr, new RegExp(`killed before it cleans up: git -C \\S+ reset --hard ${before} && git -C \\S+ push --force-with-lease=refs/heads/main:[0-9a-f]{40} \\S+ ${before}:refs/heads/main`));
    assert.notEqual(remoteTip(), before, "the revert was pushed before the kill");
    child.kill("SIGTERM");
    assert.equal(await exited, 1, stderr);
    assert.match(stderr, /interrupted while waiting for the revert/);
    assert.match(stderr, /local and remote main reset to [0-9a-f]{12}/);
    assert.equal(sandbox.git("rev-parse", "HEAD"), before);
    assert.equal(remoteTip(), before);
    assert.equal(sandbox.git("status", "--porcelain", "--untracked-files=no"), "");
    await settled(before);
  });

  it("a rollout of a :crashloop tag goes Degraded, is reverted, and is Healthy again", async (t) => {
    const bad = await pushTag("crashloop");
    const reportFile = path.join(sandbox.root, "rollout.json");
    const rollout = await gitops(["rollout", "--env", "local", "--commit", bad, "--timeout", "400", "--report-file", reportFile]);
    assert.equal(rollout.code, 2, rollout.stderr + rollout.stdout);
    t.diagnostic(`stdout:\n${rollout.stdout}\nstderr:\n${rollout.stderr}`);
    assert.match(rollout.stdout, /^rollout local [0-9a-f]{12} "api-service: podinfo crashloop": REVERTED in/);
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    assert.equal(report.result, "reverted", rollout.stderr);
    assert.deepEqual(report.phases.map((p: { name: string; outcome: string }) => [p.name, p.outcome]), [["watch", "failed"], ["revert", "pushed"], ["recover", "reconciled"]]);
    assert.match(report.phases[0].detail, /api-service-local: health Degraded/);
    assert.equal(remoteTip(), report.revert.commit);
    assert.equal(sandbox.git("rev-parse", `${report.revert.commit}^`), bad);
    assert.equal(await deploymentImage(), "ghcr.io/stefanprodan/podinfo:6.7.2");
    const deployment = await kube.get<{ status: { readyReplicas?: number } }>("/apis/apps/v1/namespaces/api-service/deployments/api-service");
    assert.equal(deployment!.status.readyReplicas, 2);
    t.diagnostic(report.phases.map((p: { name: string; elapsedMs: number }) => `${p.name} ${p.elapsedMs} ms`).join(", "));
  });

  it("the alert rules hold on series labelled as the lab controller's real /metrics labels them", async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${lab.ports!.applicationControllerMetrics}/metrics`)).text();
    const info = seriesLabels(metrics, "argocd_app_info", "api-service-local");
    const syncs = seriesLabels(metrics, "argocd_app_sync_total", "api-service-local");
    // The labels the rules select and group by; an upstream rename fails here, not silently in production.
    for (const label of ["name", "project", "dest_server", "sync_status", "health_status"]) assert.ok(label in info, `argocd_app_info has no ${label}: ${JSON.stringify(info)}`);
    for (const label of ["name", "project", "dest_server", "phase"]) assert.ok(label in syncs, `argocd_app_sync_total has no ${label}: ${JSON.stringify(syncs)}`);
    assert.match(`${info.sync_status}/${info.health_status}`, /^(Synced|OutOfSync|Unknown)\/(Healthy|Progressing|Degraded|Suspended|Missing|Unknown)$/, "the values the rules compare with");

    const series = (name: string, labels: Record<string, string>, over: Record<string, string>): string =>
      `${name}{${Object.entries({ ...labels, ...over }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}}`;
    const common = { severity: "warning", environment: "local", name: info.name!, project: info.project!, dest_server: info.dest_server! };
    const result = promtoolTest([
      {
        interval: "1m",
        input_series: [
          // OutOfSync for 14 minutes, then Synced again.
          { series: series("argocd_app_info", info, { sync_status: "OutOfSync" }), values: "1x14 _x20" },
          { series: series("argocd_app_info", info, { sync_status: "Synced" }), values: "_x14 1x20" },
          // One failed sync at minute 2.
          { series: series("argocd_app_sync_total", syncs, { phase: "Failed" }), values: "0 0 1x30" },
        ],
        alert_rule_test: [
          { eval_time: "9m", alertname: "ArgoCdAppOutOfSync", exp_alerts: [] },
          { eval_time: "12m", alertname: "ArgoCdAppOutOfSync", exp_alerts: [{ exp_labels: { ...common, sync_status: "OutOfSync" }, exp_annotations: outOfSyncAnnotations(info.name!, info.project!) }] },
          { eval_time: "20m", alertname: "ArgoCdAppOutOfSync", exp_alerts: [] },
          { eval_time: "5m", alertname: "ArgoCdAppSyncFailed", exp_alerts: [{ exp_labels: { ...common, phase: "Failed" }, exp_annotations: syncFailedAnnotations(info.name!, info.project!) }] },
          { eval_time: "14m", alertname: "ArgoCdAppSyncFailed", exp_alerts: [] },
        ],
      },
    ]);
    assert.ok(result.ok, result.output);
  });

  it("a good commit passes untouched", async () => {
    const good = await pushTag("6.7.3");
    const rollout = await gitops(["rollout", "--env", "local", "--commit", good, "--json", "--timeout", "300"]);
    assert.equal(rollout.code, 0, rollout.stderr + rollout.stdout);
    const report = JSON.parse(rollout.stdout);
    assert.equal(report.result, "passed");
    assert.deepEqual(report.phases.map((p: { name: string }) => p.name), ["watch"]);
    assert.equal(remoteTip(), good, "nothing was pushed");
    assert.equal(await deploymentImage(), "ghcr.io/stefanprodan/podinfo:6.7.3");
  });
});

/** The labels of the first series of `metric` for the Application `app`, from Prometheus' text format. */
function seriesLabels(metrics: string, metric: string, app: string): Record<string, string> {
  for (const line of metrics.split("\n")) {
    if (!line.startsWith(`${metric}{`)) continue;
    const labels = Object.fromEntries([...line.slice(metric.length + 1, line.lastIndexOf("}")).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (labels.name === app) return labels;
  }
  throw new Error(`no ${metric} series for ${app} in the controller's /metrics`);
}

const RULES = { outOfSyncFor: "10m", degradedFor: "10m", runbookBaseUrl: "https://runbooks.example", environment: "local" };
const outOfSyncAnnotations = (name: string, project: string) => ({
  summary: `Argo CD application ${name} is OutOfSync`,
  description: `Application ${name} in project ${project} has not been Synced for more than 10m. Git and the cluster disagree: someone changed the cluster by hand, or a sync is failing.`,
  runbook_url: "https://runbooks.example/ArgoCdAppOutOfSync.md",
});
const syncFailedAnnotations = (name: string, project: string) => ({
  summary: `Argo CD application ${name} failed to sync`,
  description: `Application ${name} in project ${project} had a sync end in Failed in the last 10 minutes.`,
  runbook_url: "https://runbooks.example/ArgoCdAppSyncFailed.md",
});

function promtoolTest(tests: unknown[]): { ok: boolean; output: string } {
  const bin = requireTool("promtool", "bash scripts/install-promtool.sh");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
  try {
    fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: argocdAlertGroups(RULES) }));
    fs.writeFileSync(path.join(dir, "tests.yaml"), stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests }));
    return { ok: true, output: execFileSync(bin, ["test", "rules", "tests.yaml"], { cwd: dir, encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? e.message}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
