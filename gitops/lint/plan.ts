/**
 * What the lint must render, decided from the repository alone (pure): the
 * Argo CD model, each Application source classified as Argo CD would, the
 * kustomize directories to build and the charts to render with `helm template`.
 */
import { readArgoModel, type ApplicationRecord, type ArgoModel } from "../argocd/applications";
import { resolveDestination } from "../argocd/destination";
import { normalizeSourcePath } from "../argocd/source-path";
import { classifySource, type AppSource, type OwnRepository, type SourceKind } from "../argocd/sources";
import type { HelmRenderRequest } from "../helm/template";
import type { Repository } from "../repo/repository";
import { asArray, asRecord, asString } from "../yaml/source-file";

export interface PlannedSource extends AppSource {
  readonly kind: SourceKind;
  /** Key of this source's render (kustomize: its directory; helm and directory: per Application source). */
  readonly renderKey?: string;
}

export interface HelmPlan {
  readonly key: string;
  readonly request?: HelmRenderRequest;
  /** Why the chart cannot be rendered as the Application asks (say a `$ref` into another repository). */
  readonly problem?: string;
}

export interface LintPlan {
  readonly repository: Repository;
  readonly model: ArgoModel;
  readonly sources: ReadonlyMap<ApplicationRecord, readonly PlannedSource[]>;
  /** Kustomize directories to build, with the environment each deploys to. */
  readonly kustomize: readonly { env: string; dir: string }[];
  readonly helm: readonly HelmPlan[];
  readonly ownRepository: (env?: string) => OwnRepository;
}

/** Rendered output counts only for app Applications: platform Applications are checked against their builders. */
function rendersFor(app: ApplicationRecord): boolean {
  return app.env !== undefined && app.expanded;
}

/**
 * This repository's URL for an environment: its stack's `argocd.repoUrl`, any
 * stack's for platform objects, and any URL at all while no stack parses
 * (stack-config reports that; paths are still checked).
 */
function ownRepositoryOf(repository: Repository): (env?: string) => OwnRepository {
  const all = new Set([...repository.environments.values()].map((e) => e.stack.config.argocd.repoUrl));
  return (env) => {
    const environment = env === undefined ? undefined : repository.environments.get(env);
    if (environment) return (url) => url === environment.stack.config.argocd.repoUrl;
    return all.size === 0 ? () => true : (url) => url !== undefined && all.has(url);
  };
}

function helmPlan(key: string, app: ApplicationRecord, source: AppSource, dir: string, all: readonly AppSource[], isOwn: OwnRepository): HelmPlan {
  const helm = asRecord(source.fields.helm) ?? {};
  const valueFiles: string[] = [];
  for (const entry of asArray(helm.valueFiles).map(asString).filter((v): v is string => v !== undefined)) {
    const ref = /^\$([^/]+)\/(.*)$/.exec(entry);
    const refSource = ref ? all.find((s) => s.ref === ref[1]) : undefined;
    if (ref && !refSource) return { key, problem: `value file ${entry} names ref ${ref[1]}, which no source of ${app.label} declares` };
    if (refSource && !isOwn(refSource.repoURL))
      return { key, problem: `value file ${entry} comes from ${refSource.repoURL ?? "(no repoURL)"}, not this repository; the lint cannot render the chart with it` };
    const normalized = normalizeSourcePath(ref ? (ref[2] ?? "") : `${dir}/${entry}`);
    if (!normalized.ok) return { key, problem: `value file ${entry} ${normalized.reason}` };
    valueFiles.push(normalized.path);
  }
  const namespace = asString(helm.namespace) ?? resolveDestination(app.spec.destination).namespace ?? "default";
  return { key, request: { chartDir: dir, release: asString(helm.releaseName) ?? app.name, namespace, helm, valueFiles } };
}

export function planLint(repository: Repository): LintPlan {
  const ownRepository = ownRepositoryOf(repository);
  const model = readArgoModel(repository, ownRepository);
  const sources = new Map<ApplicationRecord, PlannedSource[]>();
  const kustomize = new Map<string, { env: string; dir: string }>();
  for (const overlay of repository.overlays) kustomize.set(`${overlay.env} ${overlay.dir}`, { env: overlay.env, dir: overlay.dir });
  const helm: HelmPlan[] = [];
  model.applications.forEach((app, index) => {
    const repos = ownRepository(app.env);
    const planned = app.sources.map((source, i): PlannedSource => {
      const kind = !isParameterised(source) ? classifySource(repository, source, repos) : ({ type: "not-checkable", field: "path", reason: "depends on ApplicationSet parameters the lint cannot expand" } as const);
      if (!rendersFor(app) || app.env === undefined) return { ...source, kind };
      if (kind.type === "kustomize") {
        kustomize.set(`${app.env} ${kind.dir}`, { env: app.env, dir: kind.dir });
        return { ...source, kind, renderKey: kind.dir };
      }
      if (kind.type === "helm" || kind.type === "directory") {
        const key = `${index}:${i}`;
        if (kind.type === "helm") helm.push(helmPlan(key, app, source, kind.dir, app.sources, repos));
        return { ...source, kind, renderKey: key };
      }
      return { ...source, kind };
    });
    sources.set(app, planned);
  });
  return { repository, model, sources, kustomize: [...kustomize.values()], helm, ownRepository };
}

function isParameterised(source: AppSource): boolean {
  return [source.repoURL, source.path, source.chart].some((v) => v?.includes("{{"));
}
