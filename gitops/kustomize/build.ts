/**
 * Running `kustomize build` on directories of a repository, each once, a few at
 * a time. The output is parsed into plain objects for the rules to inspect.
 */
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { mapBounded } from "../../automation/concurrency";

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

/** Builds every directory once (duplicates are built once), keyed by directory. */
export async function buildAll(root: string, dirs: Iterable<string>, options: BuildOptions): Promise<Map<string, BuildResult>> {
  const unique = [...new Set(dirs)].sort();
  const limit = options.concurrency ?? Math.min(4, availableParallelism());
  const results = await mapBounded(unique, limit, (dir) => buildOne(root, dir, options));
  return new Map(results.map((r) => [r.dir, r]));
}
