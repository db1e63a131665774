import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { labels } from "../platform/layout";
import { PULUMI_OWNS } from "./ownership";
import type { TenantConfig } from "../platform/config";

export interface TenancyArgs {
  /** Environment label put on every namespace. */
  readonly environment: string;
  /** The namespaces app teams deploy into, with their quotas and default limits. */
  readonly tenants: readonly TenantConfig[];
}

/** Labels for a tenant namespace: ownership, team, environment, and the restricted Pod Security level. */
export function tenantNamespaceLabels(tenant: TenantConfig, environment: string): Record<string, string> {
  return {
    [labels.managedBy]: "pulumi",
    [labels.team]: tenant.team,
    [labels.environment]: environment,
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
  };
}

/**
 * The namespaces app teams deploy into. Pulumi creates them, their quota and
 * their default limits; Argo CD only ever deploys into them (its AppProjects
 * deny ResourceQuota and LimitRange), which is the ownership boundary.
 */
export class Tenancy extends pulumi.ComponentResource {
  public readonly namespaces: pulumi.Output<string>[];

  constructor(name: string, args: TenancyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:tenancy:Tenancy", name, {}, opts);
    const parent = { parent: this };
    this.namespaces = args.tenants.map((tenant) => {
      const namespace = new k8s.core.v1.Namespace(tenant.namespace, {
        metadata: { name: tenant.namespace, labels: tenantNamespaceLabels(tenant, args.environment), annotations: PULUMI_OWNS },
      }, parent);
      const inNamespace = { parent: namespace };
      new k8s.core.v1.ResourceQuota(`${tenant.namespace}-quota`, {
        metadata: { name: "tenant-quota", namespace: namespace.metadata.name, annotations: PULUMI_OWNS },
        spec: {
          hard: {
            "requests.cpu": tenant.quota.requestsCpu,
            "requests.memory": tenant.quota.requestsMemory,
            "limits.cpu": tenant.quota.limitsCpu,
            "limits.memory": tenant.quota.limitsMemory,
            pods: String(tenant.quota.pods),
          },
        },
      }, inNamespace);
      new k8s.core.v1.LimitRange(`${tenant.namespace}-limits`, {
        metadata: { name: "tenant-defaults", namespace: namespace.metadata.name, annotations: PULUMI_OWNS },
        spec: {
          limits: [{
            type: "Container",
            defaultRequest: { cpu: tenant.limits.defaultRequestCpu, memory: tenant.limits.defaultRequestMemory },
            default: { cpu: tenant.limits.defaultLimitCpu, memory: tenant.limits.defaultLimitMemory },
          }],
        },
      }, inNamespace);
      return namespace.metadata.name;
    });
    this.registerOutputs({ namespaces: this.namespaces });
  }
}
