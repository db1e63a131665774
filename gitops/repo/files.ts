/**
 * Walking a repository for YAML. Paths are relative to the root with forward
 * slashes, so findings read the same on every machine.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parseSourceFile, type SourceFile } from "../yaml/source-file";

/**
 * Directories (relative to the root) never scanned. `test/fixtures` holds
 * deliberately broken trees that the fixture tests lint as their own roots.
 */
export const EXCLUDED_DIRS: readonly string[] = ["dist", "out", ".pulumi", ".lab", "test/fixtures"];

/** Directory names skipped at any depth. */
const EXCLUDED_NAMES: readonly string[] = ["node_modules", ".git"];

export function toPosix(path: string): string {
  return path.split(sep).join("/");
}

async function walk(root: string, dir: string, found: string[]): Promise<void> {
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  for (const entry of entries) {
    const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!EXCLUDED_DIRS.includes(rel) && !EXCLUDED_NAMES.includes(entry.name)) await walk(root, rel, found);
    } else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
      found.push(rel);
    }
  }
}

/** Every YAML file under `root` outside the excluded directories, sorted. */
export async function listYamlFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  await walk(root, "", found);
  return found.sort();
}

/** Reads and parses every YAML file of the repository, keyed by relative path. */
export async function readYamlSources(root: string): Promise<Map<string, SourceFile>> {
  const files = await listYamlFiles(root);
  const parsed = await Promise.all(files.map(async (file) => parseSourceFile(file, await readFile(join(root, file), "utf8"))));
  return new Map(parsed.map((f) => [f.path, f]));
}

export function relativePosix(root: string, path: string): string {
  return toPosix(relative(root, path));
}
