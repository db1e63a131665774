/**
 * An Application's sources as Argo CD reads them: `spec.source`, or each entry
 * of `spec.sources` (multi-source, where an entry may only provide a `ref` for
 * another entry's Helm value files), each classified the way the repo server
 * decides how to render it.
 */
import type { Repository } from "../repo/repository";
import { asRecord, asString, type PathSegment } from "../yaml/source-file";
import { directoryReads, type DirectoryOptions } from "./directory-glob";
import { closestDirectory, normalizeSourcePath } from "./source-path";

export interface AppSource {
  /** Where the source sits in the Application: `["spec","source"]` or `["spec","sources",i]`. */
  readonly at: readonly PathSegment[];
  readonly fields: Record<string, unknown>;
  readonly repoURL?: string;
  readonly targetRevision?: string;
  readonly path?: string;
  readonly chart?: string;
  readonly ref?: string;
}

export function sourcesOf(spec: Record<string, unknown>): AppSource[] {
  const list = Array.isArray(spec.sources) ? spec.sources.map((s, i) => [s, ["spec", "sources", i]] as const) : [];
  const single = spec.source !== undefined && list.length === 0 ? [[spec.source, ["spec", "source"]] as const] : [];
  return [...single, ...list].map(([value, at]) => {
    const fields = asRecord(value) ?? {};
    const pick = (key: string) => asString(fields[key]);
    const [repoURL, targetRevision, path, chart, ref] = [pick("repoURL"), pick("targetRevision"), pick("path"), pick("chart"), pick("ref")];
    return {
      at,
      fields,
      ...(repoURL !== undefined ? { repoURL } : {}),
      ...(targetRevision !== undefined ? { targetRevision } : {}),
      ...(path !== undefined ? { path } : {}),
      ...(chart !== undefined ? { chart } : {}),
      ...(ref !== undefined ? { ref } : {}),
    };
  });
}

/** How the lint handles a source, decided as Argo CD decides the source type. */
export type SourceKind =
  | { readonly type: "kustomize"; readonly dir: string }
  | { readonly type: "helm"; readonly dir: string }
  | { readonly type: "directory"; readonly dir: string; readonly files: readonly string[]; readonly jsonnet: readonly string[] }
  | { readonly type: "remote-chart" }
  | { readonly type: "ref-only" }
  | { readonly type: "not-checkable"; readonly field: string; readonly reason: string }
  | { readonly type: "invalid"; readonly field: string; readonly reason: string; readonly suggestion?: string };

const EXPLICIT_TYPES = ["helm", "kustomize", "directory", "plugin"] as const;
const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml"];

export function directoryOptions(fields: Record<string, unknown>): DirectoryOptions {
  const directory = asRecord(fields.directory) ?? {};
  const include = asString(directory.include);
  const exclude = asString(directory.exclude);
  return { recurse: directory.recurse === true, ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) };
}

/** Files a directory source at `dir` reads, relative to the repository root. */
export function directoryFiles(repository: Repository, dir: string, options: DirectoryOptions): string[] {
  const prefix = dir === "" ? "" : `${dir}/`;
  return [...repository.files].filter((file) => file.startsWith(prefix) && directoryReads(file.slice(prefix.length), options)).sort();
}

/** Whether a repository URL is this repository (as the stack files name it). */
export type OwnRepository = (repoURL: string | undefined) => boolean;

/** Classifies one source. */
export function classifySource(repository: Repository, source: AppSource, isOwn: OwnRepository): SourceKind {
  if (source.chart !== undefined) return { type: "remote-chart" };
  if (source.path === undefined) {
    if (source.ref !== undefined) return { type: "ref-only" };
    return { type: "invalid", field: "path", reason: "has neither path nor chart; Argo CD needs one of them" };
  }
  if (!isOwn(source.repoURL))
    return { type: "not-checkable", field: "repoURL", reason: `reads ${source.repoURL ?? "(no repoURL)"}, not this repository, so its path cannot be checked here` };
  const normalized = normalizeSourcePath(source.path);
  if (!normalized.ok) return { type: "invalid", field: "path", reason: `path ${source.path} ${normalized.reason}` };
  const dir = normalized.path;
  if (!repository.dirs.has(dir)) {
    const suggestion = closestDirectory(dir, repository.dirs);
    return { type: "invalid", field: "path", reason: `path ${source.path} does not exist`, ...(suggestion ? { suggestion } : {}) };
  }
  const explicit = EXPLICIT_TYPES.filter((key) => source.fields[key] !== undefined);
  if (explicit.length > 1) return { type: "invalid", field: explicit[1] ?? "", reason: `sets ${explicit.join(" and ")}; Argo CD accepts one source type` };
  if (explicit[0] === "plugin") return { type: "not-checkable", field: "plugin", reason: "renders with a config management plugin, which the lint cannot run" };
  const hasKustomization = KUSTOMIZATION_NAMES.some((name) => repository.files.has(dir === "" ? name : `${dir}/${name}`));
  const hasChart = repository.charts.has(dir);
  const type = explicit[0] ?? (hasKustomization ? "kustomize" : hasChart ? "helm" : "directory");
  if (type === "kustomize") return hasKustomization ? { type, dir } : { type: "invalid", field: "kustomize", reason: `sets kustomize, but ${dir} has no kustomization.yaml` };
  if (type === "helm") return hasChart ? { type, dir } : { type: "invalid", field: "helm", reason: `sets helm, but ${dir} has no Chart.yaml` };
  const all = directoryFiles(repository, dir, directoryOptions(source.fields));
  const jsonnet = all.filter((f) => f.endsWith(".jsonnet"));
  return { type: "directory", dir, files: all.filter((f) => !f.endsWith(".jsonnet")), jsonnet };
}
