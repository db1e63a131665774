/**
 * Expanding an ApplicationSet against the repository, the way its controller
 * would: list elements and git directory/file generators over this repository
 * produce parameter sets; each renders the template into an Application.
 * Generators that need a live cluster or another service (clusters, matrix,
 * merge, pull requests, SCM providers, plugins, other repositories) are not
 * checkable here; their template is still checked for every field that does
 * not depend on a parameter.
 */
import { posix } from "node:path";
import picomatch from "picomatch";
import type { Repository } from "../repo/repository";
import { asArray, asRecord, asString, type PathSegment } from "../yaml/source-file";
import type { OwnRepository } from "./sources";
import { closestDirectory } from "./source-path";
import { flattenParams, renderTemplate, type Params } from "./template";

export interface GeneratorNote {
  /** Path of the generator (or field) the note is about, inside the ApplicationSet. */
  readonly at: readonly PathSegment[];
  readonly message: string;
  readonly severity: "error" | "warning";
}

export interface GeneratedApplication {
  readonly value: Record<string, unknown>;
  /** The file whose content gave the parameters (git files generator), where a fix usually belongs. */
  readonly origin?: string;
  /** False when rendered from the bare template because no generator could be expanded. */
  readonly expanded: boolean;
}

export interface Expansion {
  readonly applications: readonly GeneratedApplication[];
  readonly notes: readonly GeneratorNote[];
}

/** Lowercase DNS-label form of a path segment, as Argo CD's `basenameNormalized`. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
}

function pathParams(dir: string, goTemplate: boolean, file?: string): Params {
  const basename = posix.basename(dir);
  const segments = dir.split("/");
  const fields: Record<string, unknown> = {
    path: dir,
    basename,
    basenameNormalized: normalized(basename),
    ...(file !== undefined ? { filename: file, filenameNormalized: normalized(file) } : {}),
  };
  if (goTemplate) return { path: { ...fields, segments } };
  const flat: Record<string, unknown> = { path: dir };
  for (const [key, value] of Object.entries(fields)) if (key !== "path") flat[`path.${key}`] = value;
  segments.forEach((segment, i) => (flat[`path[${i}]`] = segment));
  return flat;
}

/** The directory part of a glob before its first wildcard (`apps/overlays/*` → `apps/overlays`). */
function literalPrefix(pattern: string): string {
  const wildcard = pattern.search(/[*?[{]/);
  const fixed = wildcard < 0 ? pattern : pattern.slice(0, wildcard);
  return fixed.slice(0, wildcard < 0 ? fixed.length : Math.max(0, fixed.lastIndexOf("/"))).replace(/\/+$/, "");
}

function gitParams(repository: Repository, git: Record<string, unknown>, goTemplate: boolean, at: PathSegment[], notes: GeneratorNote[]): Params[] {
  const params: Params[] = [];
  const directories = asArray(git.directories).map((d) => asRecord(d) ?? {});
  const include = directories.filter((d) => d.exclude !== true).map((d) => asString(d.path) ?? "");
  const exclude = directories.filter((d) => d.exclude === true).map((d) => asString(d.path) ?? "");
  if (include.length > 0) {
    const included = picomatch(include, { dot: true });
    const excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
    const dirs = [...repository.dirs].filter((d) => d !== "" && included(d) && !excluded(d)).sort();
    if (dirs.length === 0) {
      const suggestions = include.map((pattern) => literalPrefix(pattern)).map((prefix) => prefix && !repository.dirs.has(prefix) ? closestDirectory(prefix, repository.dirs) : undefined).filter((s): s is string => s !== undefined);
      const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : "";
      notes.push({ at: [...at, "directories"], severity: "error", message: `git directories ${include.join(", ")} match no directory of this repository, so the ApplicationSet generates nothing${hint}` });
    }
    params.push(...dirs.map((dir) => pathParams(dir, goTemplate)));
  }
  asArray(git.files).forEach((entry, index) => {
    const pattern = asString(asRecord(entry)?.path) ?? "";
    const matches = picomatch(pattern, { dot: true });
    const files = [...repository.files].filter((path) => matches(path)).sort();
    if (files.length === 0) notes.push({ at: [...at, "files", index], severity: "error", message: `git files ${pattern} match no file of this repository, so the ApplicationSet generates nothing` });
    for (const path of files) {
      const values = repository.sources.get(path)?.documents.map((d) => d.value) ?? (repository.data.has(path) ? [repository.data.get(path)] : []);
      for (const value of values) {
        const content = asRecord(value) ?? {};
        const location = pathParams(posix.dirname(path), goTemplate, posix.basename(path));
        params.push(goTemplate ? { ...content, ...location } : { ...flattenParams(content), ...location });
      }
    }
  });
  return params;
}

const NOT_CHECKABLE: Readonly<Record<string, string>> = {
  clusters: "lists the clusters registered in Argo CD, which only exist in a live installation",
  clusterDecisionResource: "reads a resource in the live cluster",
  matrix: "combines generators; the lint expands list and git generators only on their own",
  merge: "merges generators; the lint expands list and git generators only on their own",
  scmProvider: "queries an SCM provider's API",
  pullRequest: "queries open pull requests",
  plugin: "calls a generator plugin service",
};

/** Parameter sets of one generator, or a note saying why it cannot be expanded. */
function generatorParams(repository: Repository, isOwn: OwnRepository, generator: Record<string, unknown>, goTemplate: boolean, at: PathSegment[], notes: GeneratorNote[]): Params[] | undefined {
  const type = Object.keys(generator).find((key) => key !== "selector" && key !== "values");
  const values = asRecord(generator.values);
  const withValues = (list: Params[]) => (values ? list.map((p) => ({ ...p, ...(goTemplate ? { values } : Object.fromEntries(Object.entries(values).map(([k, v]) => [`values.${k}`, v]))) })) : list);
  if (type === "list") {
    const list = asRecord(generator.list) ?? {};
    if (list.elementsYaml !== undefined) {
      notes.push({ at: [...at, "list", "elementsYaml"], severity: "warning", message: "list.elementsYaml is evaluated by the controller; the lint cannot check the Applications it generates" });
      return undefined;
    }
    return withValues(asArray(list.elements).map((e) => (asRecord(e) ?? {}) as Params));
  }
  if (type === "git") {
    const git = asRecord(generator.git) ?? {};
    const repoURL = asString(git.repoURL);
    if (!isOwn(repoURL)) {
      notes.push({ at: [...at, "git", "repoURL"], severity: "warning", message: `the git generator reads ${repoURL ?? "(no repoURL)"}, not this repository; the lint cannot check the Applications it generates` });
      return undefined;
    }
    return withValues(gitParams(repository, git, goTemplate, [...at, "git"], notes));
  }
  const reason = (type && NOT_CHECKABLE[type]) ?? "is a generator the lint does not know";
  notes.push({ at, severity: "warning", message: `the ${type ?? "empty"} generator ${reason}; the lint cannot check the Applications it generates, only the template's fixed fields` });
  return undefined;
}

/** The config file behind a git files generator's parameters (its `path` and `path.filename`, in either template mode). */
function originOf(params: Params): string | undefined {
  const nested = asRecord(params.path);
  const dir = typeof params.path === "string" ? params.path : asString(nested?.path);
  const file = asString(params["path.filename"]) ?? asString(nested?.filename);
  return dir !== undefined && file !== undefined ? `${dir}/${file}` : undefined;
}

export function expandApplicationSet(repository: Repository, isOwn: OwnRepository, spec: Record<string, unknown>): Expansion {
  const goTemplate = spec.goTemplate === true;
  const template = asRecord(spec.template) ?? {};
  const notes: GeneratorNote[] = [];
  if (spec.templatePatch !== undefined)
    notes.push({ at: ["spec", "templatePatch"], severity: "warning", message: "templatePatch is applied by the controller; the lint checks the template without it" });
  const applications: GeneratedApplication[] = [];
  let anyUnexpanded = false;
  asArray(spec.generators).forEach((g, index) => {
    const at: PathSegment[] = ["spec", "generators", index];
    const params = generatorParams(repository, isOwn, asRecord(g) ?? {}, goTemplate, at, notes);
    if (params === undefined) return void (anyUnexpanded = true);
    for (const p of params) {
      const rendered = renderTemplate(template, p, goTemplate);
      for (const expression of rendered.unresolved)
        notes.push({ at, severity: "error", message: `template expression ${expression} is not set by this generator's parameters (${Object.keys(p).join(", ") || "none"})` });
      const origin = originOf(p);
      applications.push({ value: asRecord(rendered.value) ?? {}, expanded: true, ...(origin ? { origin } : {}) });
    }
  });
  if (anyUnexpanded) applications.push({ value: template, expanded: false });
  const unique = new Map(notes.map((n) => [`${n.at.join(".")} ${n.message}`, n]));
  return { applications, notes: [...unique.values()] };
}
