/**
 * One read of a repository: its YAML sources, stacks, environments and
 * overlays. Lint, generate and new-app all start from this snapshot, so they
 * agree on what the repository contains.
 */
import type { SourceFile } from "../yaml/source-file";
import { environmentsWithContent, resolveEnvironments, type GitOpsEnvironment } from "./environments";
import { readYamlSources } from "./files";
import { discoverOverlays, type AppOverlay } from "./overlays";
import { parseStackFiles, type StackProblem } from "./stacks";

export interface Repository {
  readonly root: string;
  /** Every scanned YAML file by relative path. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Environments with GitOps content and a valid stack, by name. */
  readonly environments: ReadonlyMap<string, GitOpsEnvironment>;
  readonly overlays: readonly AppOverlay[];
  /** Invalid stack files, duplicate environments, content without a stack. */
  readonly stackProblems: readonly StackProblem[];
}

/** Builds the snapshot from already-read sources (pure; tests use it with in-memory files). */
export function repositoryFromSources(root: string, sources: ReadonlyMap<string, SourceFile>): Repository {
  const parsed = parseStackFiles(sources.values());
  const resolved = resolveEnvironments(parsed, environmentsWithContent(sources.keys()));
  return {
    root,
    sources,
    environments: resolved.environments,
    overlays: discoverOverlays(sources),
    stackProblems: [...parsed.problems, ...resolved.problems],
  };
}

export async function readRepository(root: string): Promise<Repository> {
  return repositoryFromSources(root, await readYamlSources(root));
}
