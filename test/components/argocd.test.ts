import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { upstreamInstallObjects } from "../../components/argocd/upstream-manifests";
import { MockCloud, settle, valueOf } from "../support/mock-cloud";

const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
const PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";

describe("ArgoCd (chart install)", () => {
  const cloud = new MockCloud();
  before(async () => {
    await cloud.install();
    const { ArgoCd } = await import("../../components/argocd/argocd");
    const argocd = new ArgoCd("argocd", {
      environment: "production", repoUrl: "https://github.com/example-org/gitops-platform.git", chartVersion: "9.1.4",
      ha: true, tenantNamespaces: ["billing", "api-service"], protect: true,
    });
    await valueOf(argocd.namespace);
    await settle();
  });

  it("installs the pinned chart once and then ignores changes to it (the hand-off)", () => {
    const release = cloud.one("kubernetes:helm.sh/v3:Release");
    assert.equal(release.inputs.version, "9.1.4");
    assert.equal(release.inputs.chart, "argo-cd");
    assert.equal(release.inputs.namespace, "argocd");
    assert.deepEqual(release.ignoreChanges, ["*"]);
    assert.equal(release.protect, true);
    assert.equal(release.inputs.values.configs.cm["application.resourceTrackingMethod"], "annotation");
  });

  it("lets Argo CD manage itself with ServerSideApply and no cascading finalizer", () => {
    const self = cloud.one(APPLICATION, "argocd-application-argocd").inputs;
    assert.equal(self.metadata.finalizers, undefined);
    assert.ok(self.spec.syncPolicy.syncOptions.includes("ServerSideApply=true"));
    assert.equal(self.spec.source.chart, "argo-cd");
    assert.equal(self.spec.source.targetRevision, "9.1.4");
    assert.equal(self.spec.source.helm.valuesObject["redis-ha"].enabled, true, "the self app must keep the HA values Pulumi installed");
  });

  it("creates the environment's root app-of-apps with the resources finalizer", () => {
    const root = cloud.one(APPLICATION, "argocd-application-root-production").inputs;
    assert.equal(root.spec.source.path, "argocd/applications/production");
    assert.deepEqual(root.metadata.finalizers, ["resources-finalizer.argocd.argoproj.io"]);
    assert.equal(root.spec.project, "platform");
    assert.deepEqual(root.spec.syncPolicy.automated, { prune: true, selfHeal: true });
  });

  it("limits the environment project to this repository and the tenant namespaces, with no wildcards", () => {
    const project = cloud.one(PROJECT, "argocd-appproject-production").inputs;
    assert.deepEqual(project.spec.sourceRepos, ["https://github.com/example-org/gitops-platform.git"]);
    assert.deepEqual(project.spec.destinations.map((d: any) => d.namespace), ["api-service", "billing"]);
    assert.deepEqual(project.spec.clusterResourceWhitelist, []);
    assert.deepEqual(project.spec.namespaceResourceBlacklist.map((k: any) => k.kind), ["ResourceQuota", "LimitRange"]);
    for (const p of cloud.ofType(PROJECT)) assert.doesNotMatch(JSON.stringify(p.inputs.spec), /"\*"/, p.name);
  });

  it("locks down Argo CD's built-in default project: no repositories, no destinations, no cluster kinds", () => {
    const project = cloud.one(PROJECT, "argocd-appproject-default").inputs;
    assert.equal(project.metadata.name, "default");
    assert.equal(project.metadata.namespace, "argocd");
    assert.deepEqual(project.spec.sourceRepos, []);
    assert.deepEqual(project.spec.destinations, []);
    assert.deepEqual(project.spec.clusterResourceWhitelist, []);
    // Argo CD creates its own default project; the force annotation lets Pulumi's apply take its fields over.
    assert.equal(project.metadata.annotations["pulumi.com/patchForce"], "true");
  });

  it("owns its Argo CD objects: re-applying them takes back fields changed by hand", () => {
    for (const r of [...cloud.ofType(PROJECT), ...cloud.ofType(APPLICATION)]) assert.equal(r.inputs.metadata.annotations["pulumi.com/patchForce"], "true", r.name);
  });

  it("creates the Argo CD objects only after the install that brings their CRDs", () => {
    for (const r of [...cloud.ofType(PROJECT), ...cloud.ofType(APPLICATION)]) assert.ok(r.dependsOnCount >= 1, r.name);
  });
});

describe("ArgoCd (upstream manifests, no nodes)", () => {
  const cloud = new MockCloud();
  before(async () => {
    await cloud.install();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argocd-manifests-"));
    fs.writeFileSync(path.join(dir, "install.yaml"), [
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: applications.argoproj.io\n",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: argocd-server\n",
    ].join("---\n"));
    const { ArgoCd } = await import("../../components/argocd/argocd");
    await valueOf(new ArgoCd("argocd", {
      environment: "local", repoUrl: "file:///srv/gitops.git", install: "manifests", manifestsDir: dir, chartVersion: "9.1.4",
      tenantNamespaces: ["api-service"], runsWorkloads: false,
    }).namespace);
    await settle();
  });

  it("locks down the default project in the lab as in every environment", () => {
    assert.deepEqual(cloud.one(PROJECT, "argocd-appproject-default").inputs.spec.destinations, []);
  });

  it("leaves no finalizer on the root app that no running controller could remove", () => {
    assert.equal(cloud.one(APPLICATION, "argocd-application-root-local").inputs.metadata.finalizers, undefined);
  });

  it("applies the upstream objects without waiting for readiness and syncs itself from Git", () => {
    const group = cloud.one("kubernetes:yaml/v2:ConfigGroup").inputs;
    assert.equal(group.skipAwait, true);
    assert.equal(group.objs.find((o: any) => o.kind === "Deployment").metadata.namespace, "argocd");
    const self = cloud.one(APPLICATION, "argocd-application-argocd").inputs;
    assert.equal(self.spec.source.repoURL, "file:///srv/gitops.git");
    assert.equal(self.spec.source.path, "argocd/bootstrap/install");
    assert.deepEqual(cloud.one(PROJECT, "argocd-appproject-platform").inputs.spec.sourceRepos, ["file:///srv/gitops.git"]);
  });

  it("refuses the manifests install without a directory", async () => {
    const { ArgoCd } = await import("../../components/argocd/argocd");
    assert.throws(() => new ArgoCd("x", { environment: "local", repoUrl: "file:///r", install: "manifests", chartVersion: "1", tenantNamespaces: [] }), /needs manifestsDir/);
  });
});

describe("upstreamInstallObjects", () => {
  it("namespaces namespaced objects and leaves cluster-scoped ones alone", () => {
    const objects = upstreamInstallObjects("kind: ClusterRole\nmetadata:\n  name: a\n---\nkind: ConfigMap\nmetadata:\n  name: b\n---\n", "argocd");
    assert.deepEqual(objects.map((o) => o.metadata.namespace), [undefined, "argocd"]);
  });
  it("rejects objects without a name", () => {
    assert.throws(() => upstreamInstallObjects("kind: ConfigMap\nmetadata: {}\n", "argocd"), /needs kind and metadata\.name/);
  });
});
