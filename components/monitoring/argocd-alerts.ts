/**
 * The Argo CD alerts as data: the PrometheusRule the Monitoring component
 * installs and the rule file promtool tests read are the same groups.
 */
import type { KubernetesObject } from "../../platform/argocd-manifests";

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

export interface ArgoCdAlertSettings {
  /** How long an Application may stay OutOfSync before paging. The seed's 10 minutes by default. */
  readonly outOfSyncFor: string;
  /** How long an Application may stay Degraded before paging. */
  readonly degradedFor: string;
  /** Base URL of the runbooks; each alert links `<base>/<alert>.md`. */
  readonly runbookBaseUrl: string;
  readonly environment: string;
}

/** OutOfSync follows argo-cd-mixin's expression, with a shorter `for`. */
export function argocdAlertGroups(settings: ArgoCdAlertSettings): RuleGroup[] {
  const runbook = (alert: string) => `${settings.runbookBaseUrl.replace(/\/$/, "")}/${alert}.md`;
  return [{
    name: "argocd-applications",
    rules: [
      {
        alert: "ArgoCdAppOutOfSync",
        expr: 'sum by (dest_server, project, name, sync_status) (argocd_app_info{sync_status!="Synced"}) > 0',
        for: settings.outOfSyncFor,
        labels: { severity: "warning", environment: settings.environment },
        annotations: {
          summary: "Argo CD application {{ $labels.name }} is {{ $labels.sync_status }}",
          description: `Application {{ $labels.name }} in project {{ $labels.project }} has not been Synced for more than ${settings.outOfSyncFor}. Git and the cluster disagree: someone changed the cluster by hand, or a sync is failing.`,
          runbook_url: runbook("ArgoCdAppOutOfSync"),
        },
      },
      {
        alert: "ArgoCdAppDegraded",
        expr: 'sum by (dest_server, project, name, health_status) (argocd_app_info{health_status="Degraded"}) > 0',
        for: settings.degradedFor,
        labels: { severity: "critical", environment: settings.environment },
        annotations: {
          summary: "Argo CD application {{ $labels.name }} is Degraded",
          description: `Application {{ $labels.name }} in project {{ $labels.project }} has been Degraded for more than ${settings.degradedFor}.`,
          runbook_url: runbook("ArgoCdAppDegraded"),
        },
      },
      {
        // argo-cd-mixin's ArgoCdAppSyncFailed: any sync that ended Error or Failed in the last 10 minutes.
        alert: "ArgoCdAppSyncFailed",
        expr: 'sum by (dest_server, project, name, phase) (round(increase(argocd_app_sync_total{phase!="Succeeded"}[10m]))) > 0',
        for: "1m",
        labels: { severity: "warning", environment: settings.environment },
        annotations: {
          summary: "Argo CD application {{ $labels.name }} failed to sync",
          description: "Application {{ $labels.name }} in project {{ $labels.project }} had a sync end in {{ $labels.phase }} in the last 10 minutes.",
          runbook_url: runbook("ArgoCdAppSyncFailed"),
        },
      },
    ],
  }];
}

export function argocdPrometheusRule(settings: ArgoCdAlertSettings, namespace: string): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "argocd-applications", namespace, labels: { "app.kubernetes.io/part-of": "gitops-platform", release: "prometheus" } },
    spec: { groups: argocdAlertGroups(settings) },
  };
}
