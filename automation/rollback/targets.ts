/**
 * What an environment's Applications sync, read from the working tree: every Application in
 * `argocd/applications/<env>/`, the directories it renders (its source paths and, through
 * Kustomize `resources`/`components`, the bases they use), and the root app-of-apps that
 * syncs the Applications themselves. Which Applications a commit affects is a pure function
 * of these targets and the commit's changed files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";

export interface ApplicationTarget {
  readonly name: string;
  /** Repository-relative directories whose content this Application renders, POSIX, no trailing slash. */
  readonly paths: readonly string[];
}

export interface EnvironmentTargets {
  readonly env: string;
  /** The root app-of-apps (argocd/bootstrap/root-<env>.yaml); it syncs `applicationsDir`. */
  readonly root: ApplicationTarget;
  readonly applications: readonly ApplicationTarget[];
  /** The Git URL and branch the Applications track (Argo CD's repoURL and targetRevision). */
  readonly repoUrl: string;
  readonly branch: string;
}

const ENV_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export class TargetsError extends Error {
  override name = "TargetsError";
}

export const applicationsDir = (env: string): string => `argocd/applications/${env}`;

interface ApplicationDoc {
  kind?: string;
  metadata?: { name?: string };
  spec?: { source?: SourceDoc; sources?: SourceDoc[] };
}
interface SourceDoc {
  repoURL?: string;
  targetRevision?: string;
  path?: string;
}

/** Reads the environment's Applications and what they render. Throws TargetsError naming the file and key. */
export function readEnvironmentTargets(workDir: string, env: string): EnvironmentTargets {
  if (!ENV_NAME.test(env)) throw new TargetsError(`--env must be an environment name (lowercase letters, digits, dashes), got "${env}"`);
  const dir = path.join(workDir, applicationsDir(env));
  const rootFile = path.join(workDir, "argocd/bootstrap", `root-${env}.yaml`);
  if (!fs.existsSync(rootFile)) throw new TargetsError(`environment "${env}": ${path.relative(workDir, rootFile)} does not exist (expected the root app-of-apps of ${applicationsDir(env)})`);
  const rootDoc = applicationDocs(rootFile)[0];
  const rootSource = rootDoc?.spec?.source;
  if (!rootDoc?.metadata?.name || !rootSource?.repoURL || !rootSource.targetRevision)
    throw new TargetsError(`${path.relative(workDir, rootFile)}: expected an Application with metadata.name, spec.source.repoURL and spec.source.targetRevision`);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const applications: ApplicationTarget[] = [];
  for (const file of files) {
    for (const doc of applicationDocs(path.join(dir, file))) {
      const sources = doc.spec?.sources ?? (doc.spec?.source ? [doc.spec.source] : []);
      const name = doc.metadata?.name;
      if (!name) throw new TargetsError(`${applicationsDir(env)}/${file}: an Application without metadata.name`);
      const own = sources.filter((s) => s.repoURL === rootSource.repoURL && s.path !== undefined).map((s) => s.path as string);
      applications.push({ name, paths: renderedDirectories(workDir, own) });
    }
  }
  return {
    env,
    root: { name: rootDoc.metadata.name, paths: [applicationsDir(env)] },
    applications,
    repoUrl: rootSource.repoURL,
    branch: rootSource.targetRevision,
  };
}

function applicationDocs(file: string): ApplicationDoc[] {
  return parseAllDocuments(fs.readFileSync(file, "utf8"))
    .map((d) => d.toJS() as ApplicationDoc | null)
    .filter((d): d is ApplicationDoc => d?.kind === "Application");
}

/** The directories and the local Kustomize bases they reference, transitively. */
function renderedDirectories(workDir: string, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const clean = path.posix.normalize(dir).replace(/\/+$/, "");
    if (seen.has(clean) || clean.startsWith("..")) return;
    seen.add(clean);
    for (const ref of kustomizeReferences(path.join(workDir, clean))) {
      const target = path.posix.join(clean, ref);
      if (fs.existsSync(path.join(workDir, target)) && fs.statSync(path.join(workDir, target)).isDirectory()) visit(target);
    }
  };
  roots.forEach(visit);
  return [...seen].sort();
}

function kustomizeReferences(dir: string): string[] {
  const file = ["kustomization.yaml", "kustomization.yml", "Kustomization"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) return [];
  const doc = (parseAllDocuments(fs.readFileSync(file, "utf8"))[0]?.toJS() ?? {}) as Record<string, unknown>;
  return ["resources", "components", "bases"].flatMap((key) => (Array.isArray(doc[key]) ? (doc[key] as unknown[]) : [])).filter((r): r is string => typeof r === "string" && !r.includes("://"));
}

/** Every directory any of the environment's Applications (or its root) renders. */
export function watchedPaths(targets: EnvironmentTargets): string[] {
  return [...new Set([targets.root, ...targets.applications].flatMap((a) => a.paths))].sort();
}

const inside = (file: string, dir: string): boolean => file === dir || file.startsWith(`${dir}/`);

/**
 * The Applications a change to `changedFiles` makes Argo CD re-sync, root first when it is
 * touched. The root is always watched by the callers as the parent, touched or not.
 */
export function affectedApplications(targets: EnvironmentTargets, changedFiles: readonly string[]): string[] {
  return [targets.root, ...targets.applications].filter((app) => changedFiles.some((f) => app.paths.some((p) => inside(f, p)))).map((a) => a.name);
}
