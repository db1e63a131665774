/**
 * What the automation layer costs on top of the engine: the same stack
 * previewed with plain `pulumi preview`, the library's `preview()` and the
 * `gitops preview` CLI (its own process, start-up included: what CI pays),
 * alternately, N times each. Prints medians and the ratios beside their targets
 * (library ≤ 1.05×, CLI ≤ 1.10×).
 *
 *   node --import tsx bench/engine-overhead.ts [runs=5]
 *
 * Needs the toolchain (`npm run toolchain`); runs on a throwaway file:// backend.
 */
import { execFile } from "node:child_process";
import { engineEnvironment, preview } from "../automation";
import { gitops } from "../test/integration/support/cli";
import { Sandbox } from "../test/integration/support/sandbox";
import { DB_PASSWORD } from "../test/integration/support/secrets";
import { verdict } from "./target";
import { median, seconds, timed } from "./timing";

const runs = Number(process.argv[2] ?? 5);

async function main(): Promise<void> {
  const sandbox = Sandbox.create("bench-overhead");
  sandbox.activate();
  try {
    const stack = await sandbox.createStack("bench", { secret: { dbPassword: DB_PASSWORD } });
    await sandbox.up(stack);
    // The engine defaults the library adds (e.g. transpile-only TypeScript) apply to the plain run too:
    // the comparison is the automation layer's cost, not a different engine configuration.
    const defaults = engineEnvironment(sandbox.env);
    const plain = async (): Promise<void> => {
      const result = await sandbox.pulumi(["preview", "--stack", stack], defaults);
      if (result.code !== 0) throw new Error(result.stderr);
    };
    const library = async (): Promise<void> => {
      const report = await preview({ workDir: sandbox.workDir, stacks: [stack], engine: sandbox.engine });
      if (!report.ok) throw new Error(JSON.stringify(report.stacks[0]?.error));
    };
    const cli = async (): Promise<void> => {
      const result = await gitops(sandbox, ["preview", "--stack", stack]);
      if (result.code !== 0) throw new Error(result.stderr);
    };
    // What the CLI pays before the engine starts, without the engine: Node itself, then Node with
    // tsx and the preview command's modules. The CLI's ratio cannot go below these.
    const node = () => timed(() => new Promise((resolve) => execFile(process.execPath, ["-e", "0"], resolve)));
    const startup = async (): Promise<void> => {
      const result = await gitops(sandbox, ["preview", "--help"]);
      if (result.code !== 0) throw new Error(result.stderr);
    };
    // One warm-up of each: the first run pays for disk caches and plugin start-up.
    await plain();
    await library();
    const times = { plain: [] as number[], library: [] as number[], cli: [] as number[], node: [] as number[], startup: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.plain.push(await timed(plain));
      times.library.push(await timed(library));
      times.cli.push(await timed(cli));
      times.node.push(await node());
      times.startup.push(await timed(startup));
    }
    const [p, l, c] = [median(times.plain), median(times.library), median(times.cli)];
    console.log(`engine overhead, ${runs} alternating runs each (medians); engine defaults: ${JSON.stringify(defaults)}`);
    console.log(`  pulumi preview           ${seconds(p)}   [${times.plain.map(seconds).join(", ")}]`);
    console.log(`  library preview()        ${seconds(l)}   [${times.library.map(seconds).join(", ")}]`);
    console.log(`  gitops preview (CLI)     ${seconds(c)}   [${times.cli.map(seconds).join(", ")}]`);
    console.log(`  start-up floor: node -e 0 ${seconds(median(times.node))}; gitops preview --help ${seconds(median(times.startup))} (${((median(times.startup) / p) * 100).toFixed(0)}% of a raw preview)`);
    // Each round runs the three back to back, so a round's ratios share the machine's load at the
    // time; their median is steadier than the ratio of the medians (printed beside it).
    const paired = (run: number[]) => median(run.map((t, i) => t / times.plain[i]!));
    verdict("engine-overhead", "library preview() / pulumi preview (median of rounds)", paired(times.library), "×", 1.05, { note: `ratio of medians ${(l / p).toFixed(2)}×` });
    verdict("engine-overhead", "gitops preview (CLI) / pulumi preview (median of rounds)", paired(times.cli), "×", 1.1, { note: `ratio of medians ${(c / p).toFixed(2)}×` });
  } finally {
    const problems = await sandbox.dispose();
    if (problems.length > 0) console.error(`cleanup: ${problems.join("; ")}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
