import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockCloud, settle, valueOf } from "../support/mock-cloud";

describe("Tenancy", () => {
  const cloud = new MockCloud();

  before(async () => {
    await cloud.install();
    const { Tenancy } = await import("../../components/tenancy");
    const tenancy = new Tenancy("tenancy", {
      environment: "staging",
      tenants: [
        { namespace: "api-service", team: "payments", quota: { requestsCpu: "2", requestsMemory: "4Gi", limitsCpu: "4", limitsMemory: "8Gi", pods: 20 }, limits: { defaultRequestCpu: "100m", defaultRequestMemory: "128Mi", defaultLimitCpu: "500m", defaultLimitMemory: "512Mi" } },
        { namespace: "billing", team: "finance", quota: { requestsCpu: "1", requestsMemory: "1Gi", limitsCpu: "2", limitsMemory: "2Gi", pods: 10 }, limits: { defaultRequestCpu: "50m", defaultRequestMemory: "64Mi", defaultLimitCpu: "250m", defaultLimitMemory: "256Mi" } },
      ],
    });
    await valueOf(tenancy.namespaces[1]!);
    await settle();
  });

  it("creates each tenant namespace, labelled with owner, team and environment, enforcing restricted pods", () => {
    const ns = cloud.one("kubernetes:core/v1:Namespace", "api-service").inputs.metadata;
    assert.equal(ns.name, "api-service");
    assert.equal(ns.labels["app.kubernetes.io/managed-by"], "pulumi");
    assert.equal(ns.labels["gitops-platform.io/team"], "payments");
    assert.equal(ns.labels["gitops-platform.io/environment"], "staging");
    assert.equal(ns.labels["pod-security.kubernetes.io/enforce"], "restricted");
    assert.equal(cloud.ofType("kubernetes:core/v1:Namespace").length, 2);
    for (const type of ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:LimitRange"])
      for (const r of cloud.ofType(type)) assert.equal(r.inputs.metadata.annotations["pulumi.com/patchForce"], "true", `${type} ${r.name}: Pulumi must win back fields changed by hand`);
  });

  it("puts the configured quota and default limits into each namespace", () => {
    const quota = cloud.one("kubernetes:core/v1:ResourceQuota", "billing-quota").inputs;
    assert.equal(quota.metadata.namespace, "billing");
    assert.deepEqual(quota.spec.hard, { "requests.cpu": "1", "requests.memory": "1Gi", "limits.cpu": "2", "limits.memory": "2Gi", pods: "10" });
    const limits = cloud.one("kubernetes:core/v1:LimitRange", "api-service-limits").inputs;
    assert.deepEqual(limits.spec.limits[0].default, { cpu: "500m", memory: "512Mi" });
    assert.deepEqual(limits.spec.limits[0].defaultRequest, { cpu: "100m", memory: "128Mi" });
  });
});
