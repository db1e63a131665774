import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseTrackingMethod, trackingOf } from "../../../gitops/boundary/tracking";

describe("Argo CD tracking markers", () => {
  it("reads the application from a tracking id, for namespaced and cluster-scoped objects", () => {
    assert.deepEqual(trackingOf({ annotations: { "argocd.argoproj.io/tracking-id": "api-service-local:apps/Deployment:demo/api" } }, "annotation"), {
      application: "api-service-local",
      marker: "argocd.argoproj.io/tracking-id",
    });
    assert.equal(trackingOf({ annotations: { "argocd.argoproj.io/tracking-id": "team_apps:rbac.authorization.k8s.io/ClusterRole:/reader" } }, "annotation")?.application, "team_apps");
  });

  it("ignores a malformed tracking id, as Argo CD does", () => {
    for (const id of ["api-service-local", "app:Deployment:demo/api", "app:apps/Deployment:api", "app:apps/Deployment:demo/x/y", ""])
      assert.equal(trackingOf({ annotations: { "argocd.argoproj.io/tracking-id": id } }, "annotation"), undefined, id);
  });

  it("accepts the instance label only under label tracking", () => {
    const labelled = { labels: { "app.kubernetes.io/instance": "external-secrets" } };
    assert.equal(trackingOf(labelled, "annotation"), undefined);
    assert.deepEqual(trackingOf(labelled, "label"), { application: "external-secrets", marker: "app.kubernetes.io/instance" });
  });

  it("refuses an unknown tracking method, naming the value", () => {
    assert.equal(parseTrackingMethod("label"), "label");
    assert.throws(() => parseTrackingMethod("annotation+label"), /--tracking must be one of annotation, label, got "annotation\+label"/);
  });
});
