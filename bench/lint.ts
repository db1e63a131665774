/**
 * `gitops lint` on a repository of 100 apps × 2 environments (the real
 * repository plus 99 scaffolded apps, generated Applications and AppProjects),
 * with the real kustomize. Prints the median of three runs beside the 3 s target.
 *   npm run bench:lint
 */
import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { planForRepository } from "../gitops/generate";
import { lintRepository } from "../gitops/lint";
import { locateKustomize } from "../gitops/kustomize/locate";
import { readRepository } from "../gitops/repo/repository";
import { addTenant } from "../gitops/scaffold/stack-tenants";
import { baseFiles, DEFAULT_IMAGE, DEFAULT_PORT, overlayFiles } from "../gitops/scaffold/templates";
import { writeGeneratedFiles } from "../gitops/write-generated";
import { copyRepositoryYaml, removeTree } from "../test/gitops/support/trees";
import { median, seconds } from "./timing";
import { verdict } from "./target";

const APPS = 100;
const ENVIRONMENTS = ["staging", "production"] as const;
const TARGET_MS = 3000;

async function write(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** The real repository's one app plus scaffolded ones, each a tenant of both stacks. */
async function scaffold(root: string): Promise<void> {
  for (let i = 1; i < APPS; i++) {
    const app = `app-${String(i).padStart(3, "0")}`;
    await write(root, baseFiles({ app, image: DEFAULT_IMAGE, port: DEFAULT_PORT }));
    for (const env of ENVIRONMENTS) {
      await write(root, overlayFiles({ app, env, namespace: app }));
      const stack = join(root, `Pulumi.${env}.yaml`);
      await writeFile(stack, addTenant(`Pulumi.${env}.yaml`, await readFile(stack, "utf8"), { namespace: app, team: app }).text);
    }
  }
  const repository = await readRepository(root);
  const present = new Map([...repository.sources].map(([path, source]) => [path, source.text]));
  await writeGeneratedFiles(root, planForRepository(repository).files, present);
}

/**
 * CPU time of this process and its waited-for children (kustomize), in ms, from
 * /proc: on a loaded machine wall time mostly measures the queue for a core,
 * so the CPU figure is printed beside it. Undefined off Linux.
 */
function cpuMs(): number | undefined {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime, stime, cutime, cstime are fields 14-17 of stat(5); `fields` starts at field 3.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    return Math.round((ticks * 1000) / 100);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const kustomize = locateKustomize();
  const root = await copyRepositoryYaml();
  try {
    await scaffold(root);
    const runs: number[] = [];
    const cpu: number[] = [];
    let last: Awaited<ReturnType<typeof lintRepository>> | undefined;
    for (let i = 0; i < 3; i++) {
      const before = cpuMs();
      last = await lintRepository(root, { kustomize });
      const after = cpuMs();
      runs.push(last.durationMs);
      if (before !== undefined && after !== undefined) cpu.push(after - before);
    }
    const medianMs = Math.round(median(runs));
    console.log(JSON.stringify({
      benchmark: "lint",
      apps: APPS,
      environments: ENVIRONMENTS.length,
      applications: last?.findings.length === 0 ? APPS * ENVIRONMENTS.length : "findings present",
      kustomizeBuilds: last?.builds,
      findings: last?.findings.length,
      runsMs: runs.map(Math.round),
      medianMs,
      cpuMedianMs: cpu.length > 0 ? Math.round(median(cpu)) : undefined,
      loadAverage1m: Number(loadavg()[0]?.toFixed(1)),
      targetMs: TARGET_MS,
    }));
    verdict("lint", `gitops lint, ${APPS} apps × ${ENVIRONMENTS.length} environments (wall, median)`, medianMs, "ms", TARGET_MS, { note: `${cpu.length > 0 ? seconds(median(cpu)) : "?"} CPU, load ${loadavg()[0]?.toFixed(1)}` });
  } finally {
    removeTree(root);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
