/**
 * The rollback story, measured on the lab's real Argo CD: the drill's time to reconcile
 * (push -> every affected Application Synced and Healthy, for the revert and the restore, per
 * Application), and the guarded rollout of a crash-looping image: deploy -> Degraded detected
 * -> revert pushed -> Healthy again. Figures only.
 *   node --import tsx bench/rollback.ts
 * Targets (2 cores, lab): drill reconcile < 60 s per phase; rollout detect <= progressDeadlineSeconds
 * (60 s) + 60 s; revert -> Healthy < 60 s.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { engineFromToolchain } from "../automation/engine/toolchain";
import { startLocalPlatform } from "../automation/local-platform";
import { kubeArgoCd } from "../automation/rollback/argocd";
import { runRollbackDrill } from "../automation/rollback/drill";
import { runGuardedRollout } from "../automation/rollback/rollout";
import { KubeClient, labDown } from "../lab";
import { waitForApplications } from "../lab/argocd-sync";
import { createSandbox, freePorts } from "../test/local-platform/sandbox";

async function main(): Promise<void> {
  const ports = await freePorts();
  const sandbox = createSandbox(ports);
  const lab = { stateDir: sandbox.labDir, ports };
  const remote = `git://127.0.0.1:${ports.gitDaemon}/gitops-platform.git`;
  try {
    const platform = await startLocalPlatform({ workDir: sandbox.workDir, lab, engine: engineFromToolchain() });
    if (!platform.ok) throw new Error("the local platform is not healthy");
    const client = KubeClient.fromKubeconfig(path.join(sandbox.labDir, "kubeconfig"));
    const argocd = kubeArgoCd(client);
    const pushTag = (tag: string): string => {
      const file = path.join(sandbox.workDir, "apps/overlays/local/api-service/kustomization.yaml");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/newTag: \S+/, `newTag: ${tag}`));
      sandbox.git("commit", "--quiet", "-am", `bench: podinfo ${tag}`);
      sandbox.git("push", "--quiet", remote, "HEAD:refs/heads/main");
      return sandbox.git("rev-parse", "HEAD");
    };

    await waitForApplications(client, { revision: pushTag("6.7.2") }, { timeoutMs: 300_000 });
    const drill = await runRollbackDrill({ workDir: sandbox.workDir, env: "local", argocd, steadyMs: 10_000 });
    if (drill.result !== "passed") throw new Error(`drill ${drill.result}: ${drill.reason}`);
    for (const phase of drill.phases)
      console.log(JSON.stringify({ benchmark: "rollback-drill", phase: phase.name, pushToReconciledMs: phase.elapsedMs, perApplicationMs: Object.fromEntries(phase.applications.map((a) => [a.name, a.reconciledMs])) }));
    console.log(JSON.stringify({ benchmark: "rollback-drill", totalMs: drill.totalMs, includesSteadyChecksMs: 2 * 10_000 }));

    const bad = pushTag("crashloop");
    const rollout = await runGuardedRollout({ workDir: sandbox.workDir, env: "local", commit: bad, argocd, timeoutMs: 600_000 });
    const ms = Object.fromEntries(rollout.phases.map((p) => [p.name, p.elapsedMs]));
    console.log(JSON.stringify({ benchmark: "guarded-rollout", result: rollout.result, pushToDegradedMs: ms.watch, revertPushMs: ms.revert, revertToHealthyMs: ms.recover, totalMs: rollout.totalMs }));
    console.log(JSON.stringify({ benchmark: "rollback", targets: { drillPhaseMs: 60_000, detectMs: 120_000, revertToHealthyMs: 60_000 } }));
  } finally {
    await labDown({ ...lab, purge: true }).catch(() => undefined);
    fs.rmSync(sandbox.root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
