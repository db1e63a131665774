/**
 * Previewing several stacks at once through the library: 4 stacks with
 * `parallel: 4` against the same 4 one after another (`parallel: 1`),
 * alternately, N times each. Prints medians and the ratio (target ≤ 0.6).
 *
 *   node --import tsx bench/parallel-preview.ts [runs=3]
 *
 * Needs the toolchain (`npm run toolchain`); runs on a throwaway file:// backend.
 * Each engine run is mostly CPU (the TypeScript program is compiled every time),
 * so the ratio depends on the cores available: on 2 cores it cannot go below 0.5.
 */
import { cpus } from "node:os";
import { preview } from "../automation";
import { Sandbox } from "../test/integration/support/sandbox";
import { DB_PASSWORD } from "../test/integration/support/secrets";
import { median, seconds, timed } from "./timing";
import { verdict } from "./target";

const runs = Number(process.argv[2] ?? 3);
const STACKS = 4;

async function main(): Promise<void> {
  const sandbox = Sandbox.create("bench-parallel");
  sandbox.activate();
  try {
    const stacks: string[] = [];
    for (let i = 0; i < STACKS; i++) stacks.push(await sandbox.createStack(`bench${i}`, { secret: { dbPassword: DB_PASSWORD } }));
    // Two ups at a time: enough to use both cores without thrashing.
    for (let i = 0; i < STACKS; i += 2) await Promise.all(stacks.slice(i, i + 2).map((stack) => sandbox.up(stack)));
    const previewAll = (parallel: number): Promise<number> =>
      timed(async () => {
        const report = await preview({ workDir: sandbox.workDir, stacks, engine: sandbox.engine, parallel });
        if (!report.ok) throw new Error(JSON.stringify(report.stacks.map((s) => s.error)));
      });
    await previewAll(STACKS); // warm-up
    const times = { sequential: [] as number[], parallel: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.sequential.push(await previewAll(1));
      times.parallel.push(await previewAll(STACKS));
    }
    const [s, p] = [median(times.sequential), median(times.parallel)];
    console.log(`${STACKS} stacks, ${runs} alternating runs each (medians), ${cpus().length} CPUs:`);
    console.log(`  one after another (parallel: 1)   ${seconds(s)}   [${times.sequential.map(seconds).join(", ")}]`);
    console.log(`  in parallel (parallel: ${STACKS})        ${seconds(p)}   [${times.parallel.map(seconds).join(", ")}]`);
    verdict("parallel-preview", `${STACKS} stacks in parallel / one after another`, p / s, "×", 0.6);
  } finally {
    const problems = await sandbox.dispose();
    if (problems.length > 0) console.error(`cleanup: ${problems.join("; ")}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
