/**
 * Walking a repository for the files Argo CD could read: YAML everywhere, and
 * JSON that holds Kubernetes objects. Paths are relative to the root with
 * forward slashes, so findings read the same on every machine.
 *
 * What is never read: `.git` and `node_modules` at any depth, the patterns in
 * the root `.gitopsignore` (one glob a line, `#` comments), and Helm chart
 * templates (`templates/` and vendored `charts/` next to a `Chart.yaml`), which
 * are Go templates rather than YAML and are rendered with `helm template` instead.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import picomatch from "picomatch";
import { parseSourceFile, type SourceFile } from "../yaml/source-file";

/** The exclude list, relative to the repository root. */
export const IGNORE_FILE = ".gitopsignore";

/** Directory names skipped at any depth. */
const EXCLUDED_NAMES: readonly string[] = ["node_modules", ".git"];

/** Directories of a chart that hold templates or packaged dependencies rather than manifests. */
const CHART_TEMPLATE_DIRS: readonly string[] = ["templates", "charts"];

/** Files listed: manifests, and `.jsonnet`, which directory sources evaluate (listed, never parsed). */
const LISTED_FILE = /\.(ya?ml|json|jsonnet)$/;

export interface RepositoryFiles {
  /** YAML, JSON and jsonnet files, sorted. */
  readonly files: readonly string[];
  /** Every directory walked (relative, "" is the root). */
  readonly dirs: ReadonlySet<string>;
  /** Directories holding a Chart.yaml. */
  readonly charts: ReadonlySet<string>;
}

export function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** Patterns of an ignore file: one glob a line; a pattern without `/` matches at any depth, a trailing `/` is dropped. */
export function parseIgnoreList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim().replace(/\/+$/, ""))
    .filter((line) => line.length > 0)
    .map((pattern) => (pattern.startsWith("/") ? pattern.slice(1) : pattern.includes("/") ? pattern : `**/${pattern}`));
}

/** Whether a path (or one of its parent directories) matches the ignore list. */
export function ignoreMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const match = picomatch([...patterns], { dot: true });
  return (path) => match(path);
}

async function readIgnoreList(root: string): Promise<string[]> {
  try {
    return parseIgnoreList(await readFile(join(root, IGNORE_FILE), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export async function listRepositoryFiles(root: string): Promise<RepositoryFiles> {
  const ignored = ignoreMatcher(await readIgnoreList(root));
  const files: string[] = [];
  const dirs = new Set<string>([""]);
  const charts = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    const isChart = entries.some((e) => e.isFile() && e.name === "Chart.yaml");
    if (isChart) charts.add(dir);
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (ignored(rel)) continue;
      if (entry.isDirectory()) {
        if (EXCLUDED_NAMES.includes(entry.name) || (isChart && CHART_TEMPLATE_DIRS.includes(entry.name))) continue;
        dirs.add(rel);
        await walk(rel);
      } else if (entry.isFile() && LISTED_FILE.test(entry.name)) {
        files.push(rel);
      }
    }
  };
  await walk("");
  return { files: files.sort(), dirs, charts };
}

/** Every YAML, JSON and jsonnet file under `root` outside the excluded paths, sorted. */
export async function listYamlFiles(root: string): Promise<string[]> {
  return [...(await listRepositoryFiles(root)).files];
}

/**
 * A manifest file parsed with positions, or, for JSON without Kubernetes
 * objects (package.json, a git files generator's config), its plain value.
 * JSON that does not parse is parsed as YAML, so its error has a line.
 */
export function readManifestOrData(path: string, text: string): SourceFile | { readonly value: unknown } {
  if (!path.endsWith(".json")) return parseSourceFile(path, text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseSourceFile(path, text);
  }
  const items = Array.isArray(value) ? value : [value];
  const isManifest = items.some((item) => item !== null && typeof item === "object" && "kind" in item && "apiVersion" in item);
  return isManifest ? parseSourceFile(path, text) : { value };
}

export interface ReadSources {
  /** Every YAML file and every JSON file holding Kubernetes objects, parsed with positions. */
  readonly sources: Map<string, SourceFile>;
  /** Other JSON files as plain values (ApplicationSet git files generators read them). */
  readonly data: Map<string, unknown>;
}

/** Reads and parses the listed files (jsonnet is listed only, never read), keyed by relative path. */
export async function readSources(root: string, files: readonly string[]): Promise<ReadSources> {
  const sources = new Map<string, SourceFile>();
  const data = new Map<string, unknown>();
  const read = await Promise.all(files.filter((f) => !f.endsWith(".jsonnet")).map(async (file) => [file, readManifestOrData(file, await readFile(join(root, file), "utf8"))] as const));
  for (const [file, result] of read) {
    if ("documents" in result) sources.set(file, result);
    else data.set(file, result.value);
  }
  return { sources, data };
}

export function relativePosix(root: string, path: string): string {
  return toPosix(relative(root, path));
}
