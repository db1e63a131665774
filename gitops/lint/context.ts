/**
 * Everything the rules look at, gathered once: the repository snapshot, its
 * Argo CD objects, one kustomize build per directory, and the generation plan.
 * Rules are pure functions of this context.
 */
import { paths } from "../../platform/layout";
import { planForRepository, type GeneratedFiles } from "../generate";
import { buildAll, type BuildResult } from "../kustomize/build";
import { kustomizationOf } from "../repo/overlays";
import { readRepository, type Repository } from "../repo/repository";
import { asRecord, asString, identityOf, type SourceDocument, type SourceFile } from "../yaml/source-file";
import { SourceLocator } from "./source-locator";

/** An Application or AppProject document in Git. */
export interface ArgoObject {
  readonly file: SourceFile;
  readonly document: SourceDocument;
  readonly name: string;
  readonly spec: Record<string, unknown>;
}

export interface ApplicationRecord extends ArgoObject {
  /** The environment, for app-team Applications under `argocd/applications/<env>/`. */
  readonly env?: string;
  /** `spec.source.path`, when the source is a Git path. */
  readonly sourcePath?: string;
}

/** A built directory together with the environment it deploys to. */
export interface DeployUnit {
  readonly env: string;
  readonly dir: string;
  readonly build: BuildResult;
  readonly locator: SourceLocator;
}

/** One object of a successful build, with its identity when it has kind and name. */
export interface BuiltObject {
  readonly unit: DeployUnit;
  readonly object: unknown;
  readonly identity?: ReturnType<typeof identityOf>;
}

export interface LintContext {
  readonly repository: Repository;
  readonly applications: readonly ApplicationRecord[];
  readonly projects: ReadonlyMap<string, ArgoObject>;
  readonly builds: ReadonlyMap<string, BuildResult>;
  readonly units: readonly DeployUnit[];
  readonly generated: GeneratedFiles;
}

const APPLICATION_ENV = new RegExp(`^${paths.argocdRoot}/applications/([^/]+)/`);

function argoObjects(sources: ReadonlyMap<string, SourceFile>, kind: string): ArgoObject[] {
  const found: ArgoObject[] = [];
  for (const file of sources.values()) {
    if (!file.path.startsWith(`${paths.argocdRoot}/`)) continue;
    for (const document of file.documents) {
      const identity = identityOf(document.value);
      if (identity?.kind !== kind) continue;
      found.push({ file, document, name: identity.name, spec: asRecord(asRecord(document.value)?.spec) ?? {} });
    }
  }
  return found;
}

export function applicationsOf(sources: ReadonlyMap<string, SourceFile>): ApplicationRecord[] {
  return argoObjects(sources, "Application").map((object) => {
    const env = APPLICATION_ENV.exec(object.file.path)?.[1];
    const sourcePath = asString(asRecord(object.spec.source)?.path);
    return { ...object, ...(env ? { env } : {}), ...(sourcePath !== undefined ? { sourcePath: sourcePath.replace(/\/+$/, "") } : {}) };
  });
}

/** Directories to build with the env each deploys to: every overlay, plus app Application sources that are kustomizations. */
export function deployTargets(repository: Repository, applications: readonly ApplicationRecord[]): { env: string; dir: string }[] {
  const targets = new Map<string, { env: string; dir: string }>();
  for (const overlay of repository.overlays) targets.set(`${overlay.env} ${overlay.dir}`, { env: overlay.env, dir: overlay.dir });
  for (const app of applications) {
    if (app.env === undefined || app.sourcePath === undefined) continue;
    if (kustomizationOf(repository.sources, app.sourcePath)) targets.set(`${app.env} ${app.sourcePath}`, { env: app.env, dir: app.sourcePath });
  }
  return [...targets.values()];
}

/** Assembles the context from a snapshot and finished builds (pure apart from the locators' reads of the snapshot). */
export function assembleContext(repository: Repository, builds: ReadonlyMap<string, BuildResult>): LintContext {
  const applications = applicationsOf(repository.sources);
  const units = deployTargets(repository, applications).flatMap(({ env, dir }) => {
    const build = builds.get(dir);
    return build ? [{ env, dir, build, locator: new SourceLocator(repository.sources, dir) }] : [];
  });
  return {
    repository,
    applications,
    projects: new Map(argoObjects(repository.sources, "AppProject").map((p) => [p.name, p])),
    builds,
    units,
    generated: planForRepository(repository),
  };
}

/** Every object of every successful build (failed builds are reported by overlay-builds and application-source). */
export function builtObjects(context: LintContext): BuiltObject[] {
  return context.units.flatMap((unit) => (unit.build.ok ? unit.build.objects.map((object) => ({ unit, object, identity: identityOf(object) })) : []));
}

export interface LoadOptions {
  /** Path to the kustomize binary (see kustomize/locate.ts). */
  readonly kustomize: string;
  /** Parallel kustomize builds; defaults to min(4, CPUs). */
  readonly concurrency?: number;
}

export async function loadLintContext(root: string, options: LoadOptions): Promise<LintContext> {
  const repository = await readRepository(root);
  const dirs = deployTargets(repository, applicationsOf(repository.sources)).map((t) => t.dir);
  const builds = await buildAll(root, dirs, { kustomize: options.kustomize, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  return assembleContext(repository, builds);
}
