/**
 * Everything the rules look at, gathered once: the repository snapshot, the
 * Argo CD model (declared and generated Applications, AppProjects), one render
 * per source (kustomize build, helm template, or the files of a directory
 * source), and the generation plan. Rules are pure functions of this context.
 */
import type { ApplicationRecord, ArgoObject } from "../argocd/applications";
import { planForRepository, type GeneratedFiles } from "../generate";
import { buildAll, type BuildResult } from "../kustomize/build";
import { HelmNotFoundError, locateHelm } from "../helm/locate";
import { renderChart } from "../helm/template";
import { readRepository, type Repository } from "../repo/repository";
import { identityOf } from "../yaml/source-file";
import { planLint, type LintPlan, type PlannedSource } from "./plan";
import { SourceLocator } from "./source-locator";

/** A rendered source together with the environment it deploys to. */
export interface DeployUnit {
  readonly env: string;
  /** The source directory (overlay, chart or manifest directory). */
  readonly dir: string;
  readonly tool: "kustomize" | "helm" | "directory";
  readonly build: BuildResult;
  readonly locator: SourceLocator;
}

/** One object of a successful render, with its identity when it has kind and name. */
export interface BuiltObject {
  readonly unit: DeployUnit;
  readonly object: unknown;
  readonly identity?: ReturnType<typeof identityOf>;
}

export interface LintContext {
  readonly plan: LintPlan;
  readonly repository: Repository;
  readonly applications: readonly ApplicationRecord[];
  /** AppProjects by name (the first definition; duplicates are reported by application-files). */
  readonly projects: ReadonlyMap<string, ArgoObject>;
  /** kustomize builds by directory. */
  readonly builds: ReadonlyMap<string, BuildResult>;
  /** Every render (kustomize, helm, directory) by its key (see PlannedSource.renderKey). */
  readonly renders: ReadonlyMap<string, BuildResult>;
  readonly units: readonly DeployUnit[];
  readonly generated: GeneratedFiles;
}

/** Each source of an Application, with how the lint classified it. */
export function plannedSources(context: LintContext, app: ApplicationRecord): readonly PlannedSource[] {
  return context.plan.sources.get(app) ?? [];
}

function helmUnit(repository: Repository, env: string, dir: string, build: BuildResult): DeployUnit {
  const origins = new Map<string, string>();
  if (build.ok)
    build.objects.forEach((object, i) => {
      const identity = identityOf(object);
      const origin = build.origins?.[i];
      if (identity && origin) origins.set(`${identity.kind}/${identity.name}`, `${dir}/${origin}`);
    });
  return { env, dir, tool: "helm", build, locator: new SourceLocator(repository.sources, dir, { files: [], rootFile: `${dir}/Chart.yaml`, origins }) };
}

/** Assembles the context from a plan and finished renders (pure apart from the locators' reads of the snapshot). */
export function assembleContext(plan: LintPlan, builds: ReadonlyMap<string, BuildResult>, helm: ReadonlyMap<string, BuildResult>): LintContext {
  const { repository } = plan;
  const units: DeployUnit[] = plan.kustomize.flatMap(({ env, dir }) => {
    const build = builds.get(dir);
    return build ? [{ env, dir, tool: "kustomize" as const, build, locator: new SourceLocator(repository.sources, dir) }] : [];
  });
  const renders = new Map(builds);
  for (const [app, sources] of plan.sources)
    for (const source of sources) {
      if (app.env === undefined || source.renderKey === undefined) continue;
      if (source.kind.type === "helm") {
        const build = helm.get(source.renderKey);
        if (build) (renders.set(source.renderKey, build), units.push(helmUnit(repository, app.env, source.kind.dir, build)));
      } else if (source.kind.type === "directory") {
        const files = source.kind.files;
        const objects = files.flatMap((f) => repository.sources.get(f)?.documents.map((d) => d.value) ?? []);
        const build: BuildResult = { dir: source.kind.dir, ok: true, objects };
        renders.set(source.renderKey, build);
        units.push({ env: app.env, dir: source.kind.dir, tool: "directory", build, locator: new SourceLocator(repository.sources, source.kind.dir, { files, rootFile: files[0] ?? source.kind.dir }) });
      }
    }
  const projects = new Map<string, ArgoObject>();
  for (const project of plan.model.projects) if (!projects.has(project.name)) projects.set(project.name, project);
  return { plan, repository, applications: plan.model.applications, projects, builds, renders, units, generated: planForRepository(repository) };
}

/** Every object of every successful render (failed ones are reported by overlay-builds and application-source). */
export function builtObjects(context: LintContext): BuiltObject[] {
  return context.units.flatMap((unit) => (unit.build.ok ? unit.build.objects.map((object) => ({ unit, object, identity: identityOf(object) })) : []));
}

export interface LoadOptions {
  /** Path to the kustomize binary (see kustomize/locate.ts). */
  readonly kustomize: string;
  /** Path to helm; located with locateHelm() when a chart needs rendering and this is omitted. */
  readonly helm?: string;
  /** Parallel renders; defaults to min(4, CPUs). */
  readonly concurrency?: number;
}

async function renderCharts(root: string, plan: LintPlan, helm: string | undefined): Promise<Map<string, BuildResult>> {
  const results = new Map<string, BuildResult>();
  if (plan.helm.length === 0) return results;
  let binary = helm;
  let missing: string | undefined;
  try {
    binary ??= locateHelm();
  } catch (error) {
    if (!(error instanceof HelmNotFoundError)) throw error;
    missing = error.message;
  }
  for (const { key, request, problem } of plan.helm) {
    const dir = request?.chartDir ?? "";
    if (problem || missing || !request || !binary) {
      results.set(key, { dir, ok: false, error: problem ?? missing ?? "cannot render" });
      continue;
    }
    results.set(key, { dir, ...(await renderChart(binary, root, request)) });
  }
  return results;
}

export async function loadLintContext(root: string, options: LoadOptions): Promise<LintContext> {
  const plan = planLint(await readRepository(root));
  const [builds, helm] = await Promise.all([
    buildAll(root, plan.kustomize.map((t) => ({ dir: t.dir, group: t.env })), { kustomize: options.kustomize, ...(options.concurrency ? { concurrency: options.concurrency } : {}) }),
    renderCharts(root, plan, options.helm),
  ]);
  return assembleContext(plan, builds, helm);
}
