/**
 * One read of a repository: its YAML and JSON sources, directories, charts,
 * stacks, environments and overlays. Lint, generate and new-app all start from
 * this snapshot, so they agree on what the repository contains.
 */
import type { SourceFile } from "../yaml/source-file";
import { environmentsWithContent, resolveEnvironments, type GitOpsEnvironment } from "./environments";
import { listRepositoryFiles, readSources } from "./files";
import { discoverOverlays, type AppOverlay } from "./overlays";
import { parseStackFiles, type StackProblem } from "./stacks";

export interface Repository {
  readonly root: string;
  /** Every scanned manifest file by relative path. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Every listed file (YAML, JSON, jsonnet), whether or not it holds manifests. */
  readonly files: ReadonlySet<string>;
  /** Every directory that was scanned ("" is the root). */
  readonly dirs: ReadonlySet<string>;
  /** Directories holding a Helm chart (a Chart.yaml). */
  readonly charts: ReadonlySet<string>;
  /** JSON files without Kubernetes objects, as plain values (configs for ApplicationSet git files generators). */
  readonly data: ReadonlyMap<string, unknown>;
  /** Environments with GitOps content and a valid stack, by name. */
  readonly environments: ReadonlyMap<string, GitOpsEnvironment>;
  readonly overlays: readonly AppOverlay[];
  /** Invalid stack files, duplicate environments, content without a stack. */
  readonly stackProblems: readonly StackProblem[];
}

/** Parent directories of the given paths, the root included. */
function parentDirs(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>([""]);
  for (const path of paths) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return dirs;
}

export interface Layout {
  readonly files?: ReadonlySet<string>;
  readonly dirs?: ReadonlySet<string>;
  readonly charts?: ReadonlySet<string>;
  readonly data?: ReadonlyMap<string, unknown>;
}

/** Builds the snapshot from already-read sources (pure; tests use it with in-memory files, directories derived from their paths). */
export function repositoryFromSources(root: string, sources: ReadonlyMap<string, SourceFile>, layout: Layout = {}): Repository {
  const parsed = parseStackFiles(sources.values());
  const resolved = resolveEnvironments(parsed, environmentsWithContent(sources.keys()));
  return {
    root,
    sources,
    files: layout.files ?? new Set(sources.keys()),
    dirs: layout.dirs ?? parentDirs(sources.keys()),
    charts: layout.charts ?? new Set([...sources.keys()].filter((p) => p.endsWith("/Chart.yaml")).map((p) => p.slice(0, -"/Chart.yaml".length))),
    data: layout.data ?? new Map(),
    environments: resolved.environments,
    overlays: discoverOverlays(sources),
    stackProblems: [...parsed.problems, ...resolved.problems],
  };
}

export async function readRepository(root: string): Promise<Repository> {
  const listing = await listRepositoryFiles(root);
  const { sources, data } = await readSources(root, listing.files);
  return repositoryFromSources(root, sources, { files: new Set(listing.files), dirs: listing.dirs, charts: listing.charts, data });
}
