/**
 * The offline default, measured: `up` of the local stack onto an empty lab, then
 * the same `gitops start` again (what a second `npm start` does), with time and
 * peak memory of the whole process tree. Figures only.
 *   npm run bench:local
 * Targets (2 cores, warm toolchain): second start < 60 s; no-change preview + drift < 20 s.
 */
import * as fs from "node:fs";
import { engineFromToolchain } from "../automation/engine/toolchain";
import { startLocalPlatform } from "../automation/local-platform";
import { labDown } from "../lab";
import { createSandbox, freePorts } from "../test/local-platform/sandbox";
import { sampleTreeMemory } from "./process-tree-memory";

async function measure(label: string, run: () => Promise<Awaited<ReturnType<typeof startLocalPlatform>>>) {
  const memory = sampleTreeMemory();
  const started = Date.now();
  const report = await run();
  const totalMs = Date.now() - started;
  const peakMb = memory.stop();
  if (!report.ok) throw new Error(`${label}: the local platform is not healthy: ${JSON.stringify(report.deploy.stacks[0]?.error ?? report.drift)}`);
  const { lab, deploy, preview, drift } = report.timingsMs;
  return { run: label, totalMs, labMs: lab, upMs: deploy, previewMs: preview, driftMs: drift, previewPlusDriftMs: preview + drift, peakTreeRssMb: peakMb };
}

async function main(): Promise<void> {
  const sandbox = createSandbox();
  const lab = { stateDir: sandbox.labDir, ports: await freePorts() };
  const engine = engineFromToolchain();
  try {
    const start = () => startLocalPlatform({ workDir: sandbox.workDir, lab, engine });
    const cold = await measure("first start (empty lab, empty stack)", start);
    const warm = await measure("second start (nothing to change)", start);
    for (const row of [cold, warm]) console.log(JSON.stringify({ benchmark: "local-platform", ...row }));
    console.log(JSON.stringify({ benchmark: "local-platform", targets: { secondStartMs: 60_000, previewPlusDriftMs: 20_000 } }));
  } finally {
    await labDown({ ...lab, purge: true }).catch(() => undefined);
    fs.rmSync(sandbox.root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
