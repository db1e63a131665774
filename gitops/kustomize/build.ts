/**
 * Running `kustomize build` on directories of a repository, each once, a few at
 * a time. The output is parsed into plain objects for the rules to inspect.
 */
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { mapBounded } from "../../automation/concurrency";
import { buildBatch } from "./batch";

export type BuildResult =
  | { readonly dir: string; readonly ok: true; readonly objects: readonly unknown[]; readonly origins?: readonly (string | undefined)[] }
  | { readonly dir: string; readonly ok: false; readonly error: string };

export interface BuildOptions {
  readonly kustomize: string;
  /** Builds in flight at once; defaults to min(4, CPUs). */
  readonly concurrency?: number;
  /** Per-build timeout in milliseconds; defaults to 60 000. */
  readonly timeoutMs?: number;
}

function run(kustomize: string, root: string, dir: string, timeoutMs: number): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  return new Promise((resolve) => {
    execFile(kustomize, ["build", join(root, dir)], { cwd: root, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr: stderr || (error ? error.message : ""), failed: error !== null }),
    );
  });
}

/** kustomize prefixes errors with absolute paths; strip the root so messages read like findings. */
function cleanError(stderr: string, root: string): string {
  return stderr.split(`${root}/`).join("").trim().replace(/^Error: /, "");
}

export async function buildOne(root: string, dir: string, options: BuildOptions): Promise<BuildResult> {
  const { stdout, stderr, failed } = await run(options.kustomize, root, dir, options.timeoutMs ?? 60_000);
  if (failed) return { dir, ok: false, error: cleanError(stderr, root) || "kustomize build failed" };
  const documents = parseAllDocuments(stdout);
  const list = Array.isArray(documents) ? documents : [];
  const broken = list.find((d) => d.errors.length > 0);
  if (broken) return { dir, ok: false, error: `unparseable kustomize output: ${broken.errors[0]?.message ?? "?"}` };
  return { dir, ok: true, objects: list.map((d) => d.toJS() as unknown).filter((o) => o !== null) };
}

/** A directory to build, and the group it deploys with (one environment): a batch never mixes groups. */
export interface BuildTarget {
  readonly dir: string;
  readonly group: string;
}

/**
 * Builds every directory once (duplicates are built once), keyed by directory:
 * each group's directories in a few batched builds (see batch.ts), at most
 * `concurrency` kustomize processes at a time.
 */
export async function buildAll(root: string, targets: Iterable<BuildTarget>, options: BuildOptions): Promise<Map<string, BuildResult>> {
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const { dir, group } of [...targets].sort((a, b) => a.dir.localeCompare(b.dir))) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    groups.set(group, [...(groups.get(group) ?? []), dir]);
  }
  const limit = options.concurrency ?? Math.min(4, availableParallelism());
  // Enough batches to keep every slot busy, each a slice of one group.
  const perGroup = Math.max(1, Math.ceil(limit / Math.max(1, groups.size)));
  const batches = [...groups.values()].flatMap((dirs) => {
    const size = Math.ceil(dirs.length / perGroup);
    return Array.from({ length: Math.ceil(dirs.length / size) }, (_, i) => dirs.slice(i * size, (i + 1) * size));
  });
  const build = (base: string, dir: string) => buildOne(base, dir, options);
  const results = (await mapBounded(batches, limit, (batch) => buildBatch(root, batch, build))).flat();
  return new Map(results.map((r) => [r.dir, r]));
}
