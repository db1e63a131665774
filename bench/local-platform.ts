/**
 * The offline default, measured: `gitops start` on an empty lab (Argo CD included), then
 * again (what a second `npm start` does), with time and peak memory of the whole process
 * tree; then, with Argo CD running: push -> Synced for a new commit, the time Argo CD takes
 * to self-heal a manual edit, and the resident memory of every lab process. Figures only.
 *   npm run bench:local
 * Targets (2 cores, warm toolchain): second start < 60 s; no-change preview + drift check < 15 s
 * (they run side by side; the figure is the wall time of both).
 */
import * as fs from "node:fs";
import { engineFromToolchain } from "../automation/engine/toolchain";
import { startLocalPlatform } from "../automation/local-platform";
import * as path from "node:path";
import { KubeClient, labDown, labPublish, labStatus } from "../lab";
import { waitForApplications } from "../lab/argocd-sync";
import { createSandbox, freePorts } from "../test/local-platform/sandbox";
import { sampleTreeMemory } from "./process-tree-memory";
import { verdict } from "./target";

async function measure(label: string, run: () => Promise<Awaited<ReturnType<typeof startLocalPlatform>>>) {
  const memory = sampleTreeMemory();
  const started = Date.now();
  const report = await run();
  const totalMs = Date.now() - started;
  const peakMb = memory.stop();
  if (!report.ok) throw new Error(`${label}: the local platform is not healthy: ${JSON.stringify(report.deploy.stacks[0]?.error ?? report.drift)}`);
  const { lab, deploy, argocd, preview, drift, checks } = report.timingsMs;
  return { run: label, totalMs, labMs: lab, upMs: deploy, argocdSyncMs: argocd, previewMs: preview, driftMs: drift, previewAndDriftMs: checks, peakTreeRssMb: peakMb };
}

async function main(): Promise<void> {
  const ports = await freePorts();
  const sandbox = createSandbox(ports);
  const lab = { stateDir: sandbox.labDir, ports };
  const engine = engineFromToolchain();
  try {
    const start = () => startLocalPlatform({ workDir: sandbox.workDir, lab, engine });
    const cold = await measure("first start (empty lab, empty stack)", start);
    const warm = await measure("second start (nothing to change)", start);
    for (const row of [cold, warm]) console.log(JSON.stringify({ benchmark: "local-platform", ...row }));
    const client = KubeClient.fromKubeconfig(path.join(sandbox.labDir, "kubeconfig"));

    const overlay = path.join(sandbox.workDir, "apps/overlays/local/api-service/kustomization.yaml");
    fs.writeFileSync(overlay, fs.readFileSync(overlay, "utf8").replace("newTag: 6.7.1", "newTag: 6.7.2"));
    sandbox.git("commit", "--quiet", "-am", "bench: a new image tag");
    let started = Date.now();
    await labPublish(sandbox.workDir, lab);
    await waitForApplications(client, { revision: sandbox.git("rev-parse", "HEAD") }, { timeoutMs: 300_000 });
    const pushToSyncedMs = Date.now() - started;

    const deployment = "/apis/apps/v1/namespaces/api-service/deployments/api-service";
    started = Date.now();
    await client.patch(deployment, { spec: { replicas: 5 } });
    while (((await client.get<{ spec: { replicas: number } }>(deployment))?.spec.replicas ?? 0) !== 2) await new Promise((r) => setTimeout(r, 200));
    const selfHealMs = Date.now() - started;
    console.log(JSON.stringify({ benchmark: "local-platform", argocd: { pushToSyncedMs, selfHealMs } }));

    const rss = Object.fromEntries(
      (await labStatus(lab)).components.map((c) => [c.name, c.pid === undefined ? null : Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${c.pid}/status`, "utf8"))?.[1] ?? 0) / 1024]),
    );
    console.log(JSON.stringify({ benchmark: "local-platform", rssMbByProcess: rss }));
    verdict("local-platform", "second start (nothing to change)", warm.totalMs, "ms", 60_000);
    verdict("local-platform", "no-change preview + drift check, warm", warm.previewAndDriftMs, "ms", 15_000);
  } finally {
    await labDown({ ...lab, purge: true }).catch(() => undefined);
    fs.rmSync(sandbox.root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
