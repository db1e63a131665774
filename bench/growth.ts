/**
 * Growth (issue 15): a synthetic stack of N ConfigMaps (bench/fixtures/growth-program)
 * in a private lab without Argo CD, N = 100, 500, 2,000. At each size the stack is
 * brought up to N objects (printed, not a figure), then a no-change preview is
 * measured with plain `pulumi preview` and with the library's `preview()`,
 * alternately, `runs` times each: wall time, peak RSS of the engine's process
 * tree, the library process's own RSS and heap, and CPU seconds per program.
 *
 *   node --expose-gc --import tsx bench/growth.ts [runs=3] [sizes=100,500,2000]
 *
 * Targets. "About linear" is read as: the cost of one more object between 500 and
 * 2,000 is at most 1.5× what it is between 100 and 500 (the ratio of the two slopes;
 * a quadratic term shows up there, while the fixed start-up cost of ~5 s cancels
 * out). Library overhead at each size: library / plain ≤ 1.05, as bench:engine.
 *
 * What dominates is read from the CPU seconds each program uses during the preview
 * (sampled from /proc): the engine (`pulumi`), the program (`node`: registering
 * resources through the SDK), the Kubernetes provider (Check and Diff of every
 * object), the language host, and the lab's API server and etcd. Measured: everything
 * grows linearly (~14 ms and ~0.4 MB per object on 2 cores); the program is ~60% of
 * the CPU at every size, and a third of it is the SDK's per-promise stack traces
 * formatted by ts-node's source-map-support; the library adds a roughly fixed 2-4 s.
 * Figures, profiles and how to reproduce them: docs/performance.md.
 *
 * Needs the toolchain (`npm run toolchain`: engine, Kubernetes provider, lab binaries);
 * runs on a throwaway file:// backend and a lab on free ports, both removed at the end.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineEnvironment, preview } from "../automation";
import { labDown, labUp, type LabOptions } from "../lab";
import { Sandbox } from "../test/integration/support/sandbox";
import { freePorts } from "../test/local-platform/sandbox";
import { type SpawnedUsage, sampleSpawnedProcesses } from "./process-tree-memory";
import { verdict } from "./target";
import { median, seconds, timed } from "./timing";

const runs = Number(process.argv[2] ?? 3);
const sizes = (process.argv[3] ?? "100,500,2000").split(",").map(Number);
const PROGRAM = path.join(__dirname, "fixtures", "growth-program");
/** Namespaces, the provider and the stack itself: resources besides the N ConfigMaps. */
const FIXED_RESOURCES = 4 + 2;
const LINEARITY_TARGET = 1.5;
const OVERHEAD_TARGET = 1.05;
/** Resource operations at once for the set-up `up` (not measured): the lab's API server takes it. */
const UP_PARALLEL = "32";

const PROGRAMS: Readonly<Record<string, string>> = {
  pulumi: "engine",
  node: "program (node)",
  "pulumi-resource-kubernetes": "kubernetes provider",
  "pulumi-language-nodejs": "language host",
};

interface Measured {
  readonly ms: number;
  readonly usage: SpawnedUsage;
  /** This process's own CPU seconds and memory: the library's share of a library run. */
  readonly ownCpuSeconds: number;
  readonly ownPeakRssMb: number;
  readonly ownHeapGrowthMb: number;
}

interface SizeResult {
  readonly objects: number;
  readonly plain: readonly Measured[];
  readonly library: readonly Measured[];
}

const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Runs once with everything this process spawns, and this process itself, sampled. */
async function measure(run: () => Promise<unknown>): Promise<Measured> {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let ownPeakRss = 0;
  let ownPeakHeap = heapBefore;
  const own = setInterval(() => {
    const memory = process.memoryUsage();
    ownPeakRss = Math.max(ownPeakRss, memory.rss);
    ownPeakHeap = Math.max(ownPeakHeap, memory.heapUsed);
  }, 100);
  const cpuBefore = process.cpuUsage();
  const spawned = sampleSpawnedProcesses();
  const ms = await timed(run);
  const usage = spawned.stop();
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(own);
  return {
    ms,
    usage,
    ownCpuSeconds: (cpu.user + cpu.system) / 1e6,
    ownPeakRssMb: mb(Math.max(ownPeakRss, process.memoryUsage().rss)),
    ownHeapGrowthMb: mb(ownPeakHeap - heapBefore),
  };
}

const med = (runs: readonly Measured[], pick: (m: Measured) => number): number => median(runs.map(pick));

function cpuLine(runs: readonly Measured[], library: boolean): string {
  const programs = new Set(runs.flatMap((m) => Object.keys(m.usage.cpuSeconds)));
  const lab = new Set(runs.flatMap((m) => Object.keys(m.usage.preexistingCpuSeconds)));
  const parts = [...programs].map((p) => [PROGRAMS[p] ?? p, med(runs, (m) => m.usage.cpuSeconds[p] ?? 0)] as const);
  parts.push(...[...lab].map((p) => [`lab ${p}`, med(runs, (m) => m.usage.preexistingCpuSeconds[p] ?? 0)] as const));
  if (library) parts.push(["library (this process)", med(runs, (m) => m.ownCpuSeconds)]);
  return parts
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(1)}`)
    .join(", ");
}

function memoryLine(runs: readonly Measured[]): string {
  const programs = new Set(runs.flatMap((m) => Object.keys(m.usage.peakMbByProgram)));
  return [...programs]
    .map((p) => [PROGRAMS[p] ?? p, med(runs, (m) => m.usage.peakMbByProgram[p] ?? 0)] as const)
    .filter(([, peak]) => peak >= 5)
    .sort((a, b) => b[1] - a[1])
    .map(([name, peak]) => `${name} ${peak}`)
    .join(", ");
}

function printSize(result: SizeResult): void {
  const { plain, library, objects } = result;
  const list = (runs: readonly Measured[]): string => runs.map((m) => seconds(m.ms)).join(", ");
  console.log(`  plain pulumi preview   ${seconds(med(plain, (m) => m.ms))}   [${list(plain)}]   engine tree peak ${med(plain, (m) => m.usage.peakMb)} MB`);
  console.log(
    `  library preview()      ${seconds(med(library, (m) => m.ms))}   [${list(library)}]   engine tree peak ${med(library, (m) => m.usage.peakMb)} MB; ` +
      `library process RSS ${med(library, (m) => m.ownPeakRssMb).toFixed(0)} MB, heap +${med(library, (m) => m.ownHeapGrowthMb).toFixed(1)} MB`,
  );
  console.log(`  CPU s, plain run:      ${cpuLine(plain, false)}`);
  console.log(`  CPU s, library run:    ${cpuLine(library, true)}`);
  console.log(`  peak MB, plain run:    ${memoryLine(plain)}`);
  verdict("growth", `library / plain preview, ${objects} objects`, med(library, (m) => m.ms) / med(plain, (m) => m.ms), "×", OVERHEAD_TARGET);
}

/** One row per size and the cost of one more object between consecutive sizes. */
function printCurve(results: readonly SizeResult[]): void {
  // CPU seconds are the steadier measure of work when other jobs share the cores and stretch wall times.
  // The library process's memory gets no linearity verdict: it barely moves with N, and a ratio of
  // two slopes near zero says nothing.
  const series: [string, (r: SizeResult) => number, "ms" | "s" | "MB", boolean][] = [
    ["plain preview", (r) => med(r.plain, (m) => m.ms), "ms", true],
    ["library preview()", (r) => med(r.library, (m) => m.ms), "ms", true],
    ["engine tree CPU (plain)", (r) => med(r.plain, (m) => Object.values(m.usage.cpuSeconds).reduce((a, b) => a + b, 0)), "s", true],
    ["engine tree peak RSS (plain)", (r) => med(r.plain, (m) => m.usage.peakMb), "MB", true],
    ["library process peak RSS", (r) => med(r.library, (m) => m.ownPeakRssMb), "MB", false],
    ["library heap growth", (r) => med(r.library, (m) => m.ownHeapGrowthMb), "MB", false],
  ];
  console.log(`\ngrowth curve (medians of ${runs} runs)`);
  console.log(`  ${"objects".padEnd(30)}${results.map((r) => String(r.objects).padStart(10)).join("")}`);
  for (const [name, value, unit] of series) {
    console.log(`  ${`${name}, ${unit}`.padEnd(30)}${results.map((r) => value(r).toFixed(unit === "ms" ? 0 : 1).padStart(10)).join("")}`);
  }
  for (const [name, value, unit, linear] of series) {
    const slopes = results.slice(1).map((r, i) => {
      const previous = results[i]!;
      return (value(r) - value(previous)) / (r.objects - previous.objects);
    });
    const perObject = slopes.map((s) => (unit === "ms" ? `${s.toFixed(2)} ms` : unit === "s" ? `${(s * 1000).toFixed(2)} ms` : `${(s * 1024).toFixed(1)} kB`));
    console.log(`  per extra object, ${name}: ${results.slice(1).map((r, i) => `${results[i]!.objects}→${r.objects} ${perObject[i]}`).join(", ")}`);
    if (linear && slopes.length >= 2) {
      const [first, last] = [slopes[0]!, slopes.at(-1)!];
      // A first slope that is not positive makes the ratio meaningless: reported as missed, with the reason.
      const note = first > 0 ? `per-object cost ${results.at(-2)!.objects}→${results.at(-1)!.objects} over ${results[0]!.objects}→${results[1]!.objects}` : "first slope not positive";
      verdict("growth", `linearity of ${name}`, first > 0 ? last / first : Number.POSITIVE_INFINITY, "×", LINEARITY_TARGET, { note });
    }
  }
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-growth-"));
  const lab: LabOptions = { stateDir: path.join(root, "lab"), ports: await freePorts(), argocd: false, readyTimeoutMs: 240_000, stopTimeoutMs: 5_000 };
  // The set-up `up` and the final destroy rewrite the whole state file after every resource
  // otherwise, quadratic in N (500 → 2,000 took over 12 min); previews write no state, so no figure changes.
  const sandbox = Sandbox.create("bench-growth", { program: PROGRAM, env: { PULUMI_SKIP_CHECKPOINTS: "true" } });
  sandbox.activate();
  try {
    await labUp(lab);
    const kubeconfig = path.join(lab.stateDir!, "kubeconfig");
    const stack = await sandbox.createStack("growth", { plain: { kubeconfig, objects: "0" } });
    // As in bench:engine: the engine defaults the library adds apply to the plain run too.
    const defaults = engineEnvironment(sandbox.env);
    const plain = async (): Promise<void> => {
      const result = await sandbox.pulumi(["preview", "--expect-no-changes", "--stack", stack], defaults);
      if (result.code !== 0) throw new Error(result.stderr || result.stdout);
    };
    const library = (objects: number) => async (): Promise<void> => {
      const report = await preview({ workDir: sandbox.workDir, stacks: [stack], engine: sandbox.engine });
      const previewed = report.stacks[0];
      if (!report.ok || report.hasChanges) throw new Error(JSON.stringify(previewed?.error ?? previewed?.counts));
      if (previewed?.counts.same !== objects + FIXED_RESOURCES) throw new Error(`expected ${objects + FIXED_RESOURCES} unchanged resources, the preview counted ${JSON.stringify(previewed?.counts)}`);
    };
    console.log(`growth: ${runs} alternating runs per size, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the start`);
    const results: SizeResult[] = [];
    for (const [index, objects] of sizes.entries()) {
      await sandbox.setConfig(stack, { plain: { objects: String(objects) } });
      const up = await timed(async () => {
        const result = await sandbox.pulumi(["up", "--yes", "--skip-preview", "--parallel", UP_PARALLEL, "--stack", stack], defaults);
        if (result.code !== 0) throw new Error(result.stderr || result.stdout);
      });
      console.log(`\n${objects} ConfigMaps (${objects + FIXED_RESOURCES} resources); up from ${sizes[index - 1] ?? 0}: ${seconds(up)} (set-up without checkpoints, not a figure)`);
      // One warm-up of each at the first size: disk caches, plugin start-up, the Automation API's first load.
      if (index === 0) {
        await plain();
        await library(objects)();
      }
      const result = { objects, plain: [] as Measured[], library: [] as Measured[] };
      for (let i = 0; i < runs; i++) {
        result.plain.push(await measure(plain));
        result.library.push(await measure(library(objects)));
      }
      printSize(result);
      results.push(result);
    }
    printCurve(results);
    console.log(`  load average ${os.loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    let problems: string[] = [];
    const destroy = await timed(async () => (problems = await sandbox.dispose()));
    console.log(`\nclean-up: destroy and remove the stack ${seconds(destroy)}`);
    if (problems.length > 0) console.error(`cleanup: ${problems.join("; ")}`);
    await labDown({ ...lab, purge: true }).catch((error: unknown) => console.error(`lab down: ${String(error)}`));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
