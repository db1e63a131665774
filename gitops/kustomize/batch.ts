/**
 * Building many kustomize directories in one `kustomize build`: each directory
 * is wrapped in a kustomization that only tags its output with an annotation,
 * the wrappers are listed in one parent, and the output is split back by tag.
 * Each directory is still loaded as its own root (the load restrictions Argo
 * CD applies hold). Kustomize refuses two objects with one id in a build, so
 * callers batch directories that deploy together (one environment); a batch
 * that fails is halved until each failing directory is built, and reported, alone.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import type { BuildResult } from "./build";

/** Annotation that carries the wrapper's index through the build; removed from the output. */
export const UNIT_ANNOTATION = "gitops-lint.gitops-platform.io/unit";

/** Removes the tag wherever kustomize put it (object and pod template metadata). */
export function stripUnitAnnotation(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(stripUnitAnnotation);
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  const annotations = record.annotations as Record<string, unknown> | undefined;
  if (annotations && typeof annotations === "object" && UNIT_ANNOTATION in annotations) {
    delete annotations[UNIT_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete record.annotations;
  }
  Object.values(record).forEach(stripUnitAnnotation);
}

/** Splits one batch's objects back to their directories by the tag. Pure. */
export function splitBatch(dirs: readonly string[], objects: readonly unknown[]): Map<string, unknown[]> {
  const byDir = new Map(dirs.map((dir) => [dir, [] as unknown[]]));
  for (const object of objects) {
    const metadata = (object as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata;
    const dir = dirs[Number(metadata?.annotations?.[UNIT_ANNOTATION])];
    stripUnitAnnotation(object);
    if (dir !== undefined) byDir.get(dir)?.push(object);
  }
  return byDir;
}

/** Writes the wrapper tree for a batch and returns its directory. */
async function writeWrappers(root: string, dirs: readonly string[]): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), "gitops-kustomize-"));
  await Promise.all(
    dirs.map(async (dir, index) => {
      const unit = join(scratch, `u${index}`);
      await mkdir(unit);
      const wrapper = { resources: [relative(unit, join(root, dir))], commonAnnotations: { [UNIT_ANNOTATION]: String(index) } };
      await writeFile(join(unit, "kustomization.yaml"), stringify(wrapper));
    }),
  );
  await writeFile(join(scratch, "kustomization.yaml"), stringify({ resources: dirs.map((_, index) => `u${index}`) }));
  return scratch;
}

export type BuildDir = (root: string, dir: string) => Promise<BuildResult>;

/** Builds `dirs` together, falling back to halves (and finally single builds) when the batch fails. */
export async function buildBatch(root: string, dirs: readonly string[], build: BuildDir): Promise<BuildResult[]> {
  if (dirs.length === 0) return [];
  if (dirs.length === 1) return [await build(root, dirs[0] as string)];
  const scratch = await writeWrappers(root, dirs);
  try {
    const batch = await build(scratch, "");
    if (batch.ok) {
      const split = splitBatch(dirs, batch.objects);
      return dirs.map((dir) => ({ dir, ok: true, objects: split.get(dir) ?? [] }));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const half = Math.ceil(dirs.length / 2);
  return [...(await buildBatch(root, dirs.slice(0, half), build)), ...(await buildBatch(root, dirs.slice(half), build))];
}
