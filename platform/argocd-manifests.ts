/**
 * Argo CD objects as plain data: one builder per kind, so every Application is
 * made the same way whether the ArgoCd component registers it with Pulumi or
 * the repository holds it as YAML under argocd/. Pure: no provider imports.
 */
import { ARGOCD_NAMESPACE, IN_CLUSTER_SERVER, RESOURCES_FINALIZER, names, paths } from "./layout";

export const ARGOCD_API_VERSION = "argoproj.io/v1alpha1";

/** The AppProject that holds the platform's own Applications (Argo CD itself and the root apps). */
export const PLATFORM_PROJECT = "platform";

/** Sync options every app-team Application carries (the seed's pattern). */
export const APP_SYNC_OPTIONS = ["CreateNamespace=false", "PrunePropagationPolicy=foreground"] as const;

/**
 * Namespaced kinds that Pulumi owns inside tenant namespaces. AppProjects deny them
 * so an app overlay can never take over a quota or limit range.
 */
export const PULUMI_OWNED_NAMESPACED_KINDS = [
  { group: "", kind: "ResourceQuota" },
  { group: "", kind: "LimitRange" },
] as const;

/** Cluster-scoped kinds Argo CD needs to manage its own installation, listed explicitly (no wildcards). */
export const ARGOCD_SELF_CLUSTER_KINDS = [
  { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
] as const;

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec: Record<string, unknown>;
}

/** Where an Application's manifests come from: a path in Git or a Helm chart. */
export type ApplicationSource =
  | { repoURL: string; targetRevision: string; path: string }
  | { repoURL: string; targetRevision: string; chart: string; helm?: Record<string, unknown> };

export interface GitSource {
  /** Git repository URL (this repository). */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD tracks. */
  readonly targetRevision: string;
}

const PART_OF = { "app.kubernetes.io/part-of": "gitops-platform" };

function application(
  name: string,
  project: string,
  source: ApplicationSource,
  destinationNamespace: string,
  options: { finalizer: boolean; syncOptions: readonly string[] },
): KubernetesObject {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: "Application",
    metadata: {
      name,
      namespace: ARGOCD_NAMESPACE,
      labels: { ...PART_OF },
      ...(options.finalizer ? { finalizers: [RESOURCES_FINALIZER] } : {}),
    },
    spec: {
      project,
      source,
      destination: { server: IN_CLUSTER_SERVER, namespace: destinationNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: [...options.syncOptions],
      },
    },
  };
}

/** An app team's Application: `apps/overlays/<env>/<app>` synced into the team's namespace. */
export function appApplication(input: GitSource & { app: string; env: string; namespace: string }): KubernetesObject {
  return application(
    names.application(input.app, input.env),
    names.project(input.env),
    { repoURL: input.repoUrl, targetRevision: input.targetRevision, path: paths.appOverlay(input.env, input.app) },
    input.namespace,
    { finalizer: true, syncOptions: APP_SYNC_OPTIONS },
  );
}

/**
 * The app-of-apps for one environment: syncs `argocd/applications/<env>` into
 * the argocd namespace. It keeps the resources finalizer so deleting a root app
 * deliberately removes that environment's Applications, unless `cascadeDelete`
 * is false: on a cluster where no Argo CD controller runs (the lab) nothing
 * would ever remove the finalizer, and deleting the root app would hang.
 */
export function rootApplication(input: GitSource & { env: string; cascadeDelete?: boolean }): KubernetesObject {
  return application(
    names.rootApplication(input.env),
    PLATFORM_PROJECT,
    { repoURL: input.repoUrl, targetRevision: input.targetRevision, path: paths.applicationsDir(input.env) },
    ARGOCD_NAMESPACE,
    { finalizer: input.cascadeDelete ?? true, syncOptions: ["CreateNamespace=false"] },
  );
}

/**
 * Argo CD managing itself. ServerSideApply because Argo CD's CRDs exceed the
 * client-side last-applied annotation limit; no resources finalizer, so deleting
 * this Application can never cascade into deleting Argo CD.
 */
export function selfApplication(source: ApplicationSource): KubernetesObject {
  return application(names.selfApplication, PLATFORM_PROJECT, source, ARGOCD_NAMESPACE, {
    finalizer: false,
    syncOptions: ["ServerSideApply=true", "CreateNamespace=false"],
  });
}

/**
 * One environment's AppProject: only this repository as a source, only the
 * namespaces Pulumi provisions as destinations, no cluster-scoped kinds, and the
 * Pulumi-owned namespaced kinds denied.
 */
export function environmentProject(input: { env: string; repoUrl: string; namespaces: readonly string[] }): KubernetesObject {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: "AppProject",
    metadata: { name: names.project(input.env), namespace: ARGOCD_NAMESPACE, labels: { ...PART_OF } },
    spec: {
      description: `Applications of the ${input.env} environment`,
      sourceRepos: [input.repoUrl],
      destinations: [...input.namespaces].sort().map((namespace) => ({ server: IN_CLUSTER_SERVER, namespace })),
      clusterResourceWhitelist: [],
      namespaceResourceBlacklist: PULUMI_OWNED_NAMESPACED_KINDS.map((k) => ({ ...k })),
    },
  };
}

/** Argo CD's built-in AppProject, created by Argo CD itself when missing; it cannot be deleted. */
export const DEFAULT_PROJECT = "default";

/**
 * The built-in `default` AppProject, locked down: out of the box it allows every
 * repository, destination and cluster kind, so an Application naming it would
 * bypass the environment projects. Pulumi applies this over Argo CD's own copy
 * (no source repositories, no destinations, no cluster kinds), and `gitops lint`
 * refuses `project: default`.
 */
export function lockedDefaultProject(): KubernetesObject {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: "AppProject",
    metadata: { name: DEFAULT_PROJECT, namespace: ARGOCD_NAMESPACE, labels: { ...PART_OF } },
    spec: {
      description: "Locked down by gitops-platform: use the environment's AppProject",
      sourceRepos: [],
      sourceNamespaces: [],
      destinations: [],
      clusterResourceWhitelist: [],
    },
  };
}

/**
 * The platform's own AppProject: Argo CD itself and the root apps. Sources are
 * this repository plus, for a chart install, the chart repository.
 */
export function platformProject(input: { sourceRepos: readonly string[] }): KubernetesObject {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: "AppProject",
    metadata: { name: PLATFORM_PROJECT, namespace: ARGOCD_NAMESPACE, labels: { ...PART_OF } },
    spec: {
      description: "Argo CD itself and the per-environment root Applications",
      sourceRepos: [...new Set(input.sourceRepos)].sort(),
      destinations: [{ server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE }],
      clusterResourceWhitelist: ARGOCD_SELF_CLUSTER_KINDS.map((k) => ({ ...k })),
    },
  };
}
