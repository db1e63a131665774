/**
 * Writes a generation plan to disk: changed files are rewritten, stale
 * generated files (header present, no longer planned) are deleted, and files
 * without the header are never touched.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { staleGeneratedFiles } from "./generate";

export interface WriteResult {
  readonly written: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: readonly string[];
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Brings the files on disk in line with `planned`; `present` is what the repository holds now (path → text). */
export async function writeGeneratedFiles(
  root: string,
  planned: ReadonlyMap<string, string>,
  present: ReadonlyMap<string, string>,
): Promise<WriteResult> {
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const [path, text] of planned) {
    const target = join(root, path);
    if ((await readIfPresent(target)) === text) {
      unchanged.push(path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    written.push(path);
  }
  const deleted = staleGeneratedFiles(present, planned);
  await Promise.all(deleted.map((path) => rm(join(root, path))));
  return { written, deleted, unchanged };
}
