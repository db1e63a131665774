/**
 * How Argo CD is installed and how it then manages itself: pure decisions that
 * the ArgoCd component turns into resources and `gitops generate` turns into
 * the files under argocd/bootstrap.
 */
import type { ApplicationSource } from "../../platform/argocd-manifests";
import { chartRepositories } from "../../platform/versions";

export const ARGOCD_CHART = "argo-cd";
export const ARGOCD_RELEASE = "argocd";
/** Repository path the self-managed Application syncs when Argo CD is installed from upstream manifests. */
export const SELF_MANIFESTS_PATH = "argocd/bootstrap/install";

/**
 * Helm values for the pinned argo-helm chart. HA replicates every stateless
 * component and swaps Redis for redis-ha. Annotation tracking keeps Argo CD
 * from claiming objects Pulumi created that happen to carry the
 * `app.kubernetes.io/instance` label.
 */
export function argocdChartValues(input: { ha: boolean }): Record<string, unknown> {
  const replicas = input.ha ? 2 : 1;
  return {
    fullnameOverride: "argocd",
    configs: {
      cm: { "application.resourceTrackingMethod": "annotation", "admin.enabled": true },
      params: { "application.namespaces": "" },
    },
    controller: { replicas: input.ha ? 2 : 1 },
    server: { replicas, pdb: { enabled: input.ha } },
    repoServer: { replicas, pdb: { enabled: input.ha } },
    applicationSet: { replicas },
    redis: { enabled: !input.ha },
    "redis-ha": { enabled: input.ha },
    global: { logging: { format: "json" } },
  };
}

/** Where the self-managed `argocd` Application takes Argo CD from after the hand-off. */
export function selfApplicationSource(input: {
  install: "chart" | "manifests";
  chartVersion: string;
  ha: boolean;
  repoUrl: string;
  targetRevision: string;
}): ApplicationSource {
  if (input.install === "manifests")
    return { repoURL: input.repoUrl, targetRevision: input.targetRevision, path: SELF_MANIFESTS_PATH };
  return {
    repoURL: chartRepositories.argocd,
    chart: ARGOCD_CHART,
    targetRevision: input.chartVersion,
    helm: { releaseName: ARGOCD_RELEASE, valuesObject: argocdChartValues({ ha: input.ha }) },
  };
}

/** Source repositories the platform AppProject must allow for this install. */
export function platformSourceRepos(input: { install: "chart" | "manifests"; repoUrl: string }): string[] {
  return input.install === "chart" ? [input.repoUrl, chartRepositories.argocd] : [input.repoUrl];
}
