import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ARGOCD_NAMESPACE } from "../../platform/layout";
import { type ArgoCdAlertSettings, argocdPrometheusRule } from "./argocd-alerts";

export interface MonitoringArgs extends ArgoCdAlertSettings {
  /** Namespace of the PrometheusRule. Default the Argo CD namespace, next to what it watches. */
  readonly namespace?: string;
}

/**
 * Makes drift visible: alerts when an Argo CD Application stays OutOfSync or
 * Degraded. Needs the Prometheus Operator's CRDs in the cluster.
 */
export class Monitoring extends pulumi.ComponentResource {
  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:monitoring:Monitoring", name, {}, opts);
    new k8s.apiextensions.CustomResource(`${name}-argocd-alerts`, argocdPrometheusRule(args, args.namespace ?? ARGOCD_NAMESPACE), { parent: this });
    this.registerOutputs({});
  }
}
