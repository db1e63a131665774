import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { HANDED_OFF_TO_ANNOTATION } from "../../../components/ownership";
import { analyzeBoundary, describeObject, type LiveObject } from "../../../gitops/boundary/analyze";
import { renderBoundaryText } from "../../../gitops/boundary/render";

const cluster = JSON.parse(fs.readFileSync(path.join(__dirname, "../../fixtures/boundary/live-objects.json"), "utf8")) as LiveObject[];
const named = (name: string, namespace?: string): LiveObject => {
  const found = cluster.find((o) => o.metadata.name === name && (!namespace || o.metadata.namespace === namespace));
  assert.ok(found, `fixture ${name}`);
  return found;
};

describe("boundary analysis of live objects", () => {
  it("passes an Argo CD Deployment scaled by kubectl and updated by the controller manager", () => {
    const report = analyzeBoundary([named("api-service", "demo")]);
    assert.ok(report.clean);
    const [deployment] = report.objects;
    assert.deepEqual(deployment!.sides, ["argocd"]);
    assert.equal(deployment!.trackedBy?.application, "api-service-local");
    const byManager = Object.fromEntries(deployment!.managers.map((m) => [m.manager, m]));
    assert.deepEqual(byManager.kubectl!.fields, ["spec.replicas"]);
    assert.equal(byManager.kubectl!.subresource, "scale");
    assert.equal(byManager.kubectl!.side, undefined);
    assert.ok(byManager["argocd-controller"]!.fields.includes("spec.template.spec.containers[name=api].resources.requests.cpu"));
    assert.ok(byManager["kube-controller-manager"]!.fields.includes("status.conditions[type=Available].status"));
  });

  it("passes a Namespace Pulumi created, and counts objects outside the boundary without listing them", () => {
    const report = analyzeBoundary([named("team-a"), named("kube-root-ca.crt")]);
    assert.ok(report.clean);
    assert.equal(report.checkedObjects, 2);
    assert.deepEqual(report.objects.map((o) => [o.object.kind, o.sides]), [["Namespace", ["pulumi"]]]);
  });

  it("passes an Application whose spec is Pulumi's and whose status is Argo CD's: disjoint fields", () => {
    const report = analyzeBoundary([named("root-local")]);
    assert.ok(report.clean, JSON.stringify(report.violations));
    assert.deepEqual(report.objects[0]!.sides, ["pulumi", "argocd"]);
    assert.deepEqual(report.objects[0]!.sharedFields, []);
  });

  it("reports exactly the fields both sides own on a co-owned object, and its tracking marker", () => {
    const report = analyzeBoundary([named("api-settings")]);
    assert.equal(report.clean, false);
    assert.deepEqual(report.violations, [
      {
        rule: "co-owned",
        object: { apiVersion: "v1", kind: "ConfigMap", namespace: "demo", name: "api-settings" },
        fields: ["data.LOG_LEVEL"],
        pulumiManagers: ["pulumi-kubernetes-3f9c2a1b"],
        argocdManagers: ["argocd-controller"],
      },
      {
        rule: "pulumi-object-tracked",
        object: { apiVersion: "v1", kind: "ConfigMap", namespace: "demo", name: "api-settings" },
        trackedBy: { application: "api-service-local", marker: "argocd.argoproj.io/tracking-id" },
        pulumiManagers: ["pulumi-kubernetes-3f9c2a1b"],
      },
    ]);
  });

  it("lists a handed-off object that Argo CD took over apart, not as a violation", () => {
    const report = analyzeBoundary([named("argocd-server")]);
    assert.ok(report.clean);
    assert.equal(report.handedOff.length, 1);
    assert.deepEqual(report.handedOff[0]!.sharedFields, ["spec.selector", "spec.template.spec.containers[name=argocd-server].image", "spec.template.spec.containers[name=argocd-server].name"]);
  });

  it("fails a handed-off object that nobody took over", () => {
    const report = analyzeBoundary([named("argocd-repo-server")]);
    assert.deepEqual(report.violations.map((v) => [v.rule, v.object.name]), [["handed-off-untracked", "argocd-repo-server"]]);
    assert.equal(report.handedOff.length, 1);
  });

  it("takes a handed-off CRD as taken over once Argo CD applied it: Argo CD never marks CRDs", () => {
    const crd = (managers: { manager: string; fields: Record<string, unknown> }[]): LiveObject => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: {
        name: "applications.argoproj.io",
        annotations: { [HANDED_OFF_TO_ANNOTATION]: "argocd" },
        managedFields: managers.map((m) => ({ manager: m.manager, operation: "Apply", fieldsType: "FieldsV1", fieldsV1: m.fields })),
      },
    });
    const labels = { "f:metadata": { "f:labels": { "f:app.kubernetes.io/name": {} } } };
    const pulumi = { manager: "pulumi-kubernetes-2844f08e", fields: { "f:metadata": { "f:annotations": { [`f:${HANDED_OFF_TO_ANNOTATION}`]: {} }, "f:labels": { "f:app.kubernetes.io/name": {} } } } };
    const applied = analyzeBoundary([crd([{ manager: "argocd-controller", fields: labels }, pulumi])]);
    assert.deepEqual(applied.violations, []);
    assert.equal(applied.handedOff.length, 1);
    assert.deepEqual(analyzeBoundary([crd([pulumi])]).violations.map((v) => v.rule), ["handed-off-untracked"]);
  });

  it("leaves out an object that only copied a hand-off annotation from its parent (a ControllerRevision)", () => {
    const revision: LiveObject = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: "argocd-application-controller-78c74c7bf4",
        namespace: "argocd",
        annotations: { [HANDED_OFF_TO_ANNOTATION]: "argocd" },
        managedFields: [{ manager: "kube-controller-manager", operation: "Update", fieldsType: "FieldsV1", fieldsV1: { "f:data": {} } }],
      },
    };
    const report = analyzeBoundary([revision]);
    assert.deepEqual([report.violations, report.handedOff, report.objects], [[], [], []]);
  });

  it("fails a hand-off to anyone but argocd, naming the value, and checks the object as any other", () => {
    const live = named("argocd-server");
    const odd: LiveObject = { ...live, metadata: { ...live.metadata, annotations: { ...live.metadata.annotations, [HANDED_OFF_TO_ANNOTATION]: "flux" } } };
    const report = analyzeBoundary([odd]);
    const object = report.objects[0]!.object;
    assert.deepEqual(report.violations.map((v) => v.rule), ["hand-off-target-unknown", "co-owned", "pulumi-object-tracked"], "and no exemption from the other rules");
    assert.deepEqual(report.violations[0], { rule: "hand-off-target-unknown", object, value: "flux" });
    assert.equal(report.handedOff.length, 0);
  });

  it("with annotation tracking, fails an object Argo CD synced that carries only the legacy label", () => {
    const report = analyzeBoundary([named("api-service", "demo"), cluster.find((o) => o.kind === "Service")!]);
    assert.deepEqual(report.violations.map((v) => [v.rule, v.object.kind]), [["argocd-object-untracked", "Service"]]);
  });

  it("with label tracking, accepts the label, and then fails Pulumi objects a Helm chart labelled", () => {
    const report = analyzeBoundary([cluster.find((o) => o.kind === "Service")!, named("external-secrets")], { tracking: "label" });
    assert.deepEqual(report.violations.map((v) => [v.rule, v.object.name, v.rule === "pulumi-object-tracked" ? v.trackedBy.marker : ""]), [
      ["pulumi-object-tracked", "external-secrets", "app.kubernetes.io/instance"],
    ]);
    assert.ok(analyzeBoundary([named("external-secrets")]).clean, "the label means nothing under annotation tracking");
  });

  it("counts a field owned whole by one side as shared with fields beneath it owned by the other", () => {
    const object = (manager: string, fieldsV1: unknown) => ({ manager, operation: "Apply", fieldsType: "FieldsV1", fieldsV1 });
    const report = analyzeBoundary([
      {
        apiVersion: "example.io/v1",
        kind: "Widget",
        metadata: {
          name: "w",
          annotations: { "argocd.argoproj.io/tracking-id": "app:example.io/Widget:/w" },
          managedFields: [object("pulumi-kubernetes", { "f:spec": { "f:selector": {} } }), object("argocd-controller", { "f:spec": { "f:selector": { "f:matchLabels": { "f:app": {} } } } })],
        },
      },
    ]);
    assert.deepEqual(report.violations[0], {
      rule: "co-owned",
      object: { apiVersion: "example.io/v1", kind: "Widget", name: "w" },
      fields: ["spec.selector"],
      pulumiManagers: ["pulumi-kubernetes"],
      argocdManagers: ["argocd-controller"],
    });
  });

  it("names the object and entry of a malformed managedFields entry", () => {
    const bad: LiveObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "n", managedFields: [{ manager: "argocd-controller", fieldsType: "FieldsV2", fieldsV1: {} }] } };
    assert.throws(() => analyzeBoundary([bad]), /v1\/ConfigMap n\/x: metadata.managedFields\[0\] \(manager "argocd-controller"\): fieldsType is "FieldsV2", expected "FieldsV1"/);
  });

  it("over the whole fixture cluster, reports every offending object once and renders them", () => {
    const report = analyzeBoundary(cluster);
    assert.equal(report.checkedObjects, cluster.length);
    assert.deepEqual(report.violations.map((v) => `${v.rule} ${describeObject(v.object)}`), [
      "co-owned v1/ConfigMap demo/api-settings",
      "pulumi-object-tracked v1/ConfigMap demo/api-settings",
      "handed-off-untracked apps/v1/Deployment argocd/argocd-repo-server",
      "argocd-object-untracked v1/Service demo/api-service",
    ]);
    const text = renderBoundaryText(report);
    assert.match(text, /^Violations \(4\):\n  v1\/ConfigMap demo\/api-settings: 1 field\(s\) owned by both Pulumi \(pulumi-kubernetes-3f9c2a1b\) and Argo CD \(argocd-controller\):\n    data.LOG_LEVEL\n/);
    assert.match(text, /Handed off from Pulumi to Argo CD \(2\):\n  apps\/v1\/Deployment argocd\/argocd-server: tracked by argocd, 3 co-owned field\(s\) by design\n  apps\/v1\/Deployment argocd\/argocd-repo-server: NOT tracked/);
    assert.match(text, /9 object\(s\) checked \(Argo CD tracking: annotation\): 2 managed by Pulumi only, 2 by Argo CD only, 2 by both \(1 sharing fields\), 2 handed off\.\nThe ownership boundary is broken: 4 violation\(s\)\.\n$/);
  });
});
