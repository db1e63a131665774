import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { argocdAlertGroups } from "../../components/monitoring/argocd-alerts";
import { MockCloud, settle } from "../support/mock-cloud";

const settings = { outOfSyncFor: "10m", degradedFor: "15m", runbookBaseUrl: "https://runbooks.example/", environment: "production" };

describe("Argo CD alert rules", () => {
  it("fire when an Application is not Synced for 10 minutes, or Degraded", () => {
    const [outOfSync, degraded] = argocdAlertGroups(settings)[0]!.rules;
    assert.match(outOfSync!.expr, /argocd_app_info\{sync_status!="Synced"\}/);
    assert.equal(outOfSync!.for, "10m");
    assert.match(degraded!.expr, /health_status="Degraded"/);
    assert.equal(degraded!.for, "15m");
    for (const rule of [outOfSync!, degraded!]) {
      assert.ok(rule.labels.severity, "severity");
      assert.ok(rule.annotations.summary, "summary");
      assert.equal(rule.annotations.runbook_url, `https://runbooks.example/${rule.alert}.md`);
    }
  });
});

describe("Monitoring", () => {
  const cloud = new MockCloud();
  before(async () => {
    await cloud.install();
    const { Monitoring } = await import("../../components/monitoring/monitoring");
    new Monitoring("monitoring", settings);
    await settle();
  });

  it("installs the rules as a PrometheusRule next to Argo CD", () => {
    const rule = cloud.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule").inputs;
    assert.equal(rule.metadata.namespace, "argocd");
    assert.deepEqual(rule.spec.groups, argocdAlertGroups(settings));
  });
});
