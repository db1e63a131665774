import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { managerClassifier } from "../../../gitops/boundary/managers";

describe("field manager sides", () => {
  const sideOf = managerClassifier();

  it("knows the Pulumi provider's server-side and client-side apply names", () => {
    for (const name of ["pulumi-kubernetes-3f9c2a1b", "pulumi-kubernetes", "pulumi-resource-kubernetes", "pulumi-kubernetes.exe"]) assert.equal(sideOf(name), "pulumi", name);
  });

  it("does not take look-alikes for Pulumi's: the SSA suffix is exactly 8 hex digits", () => {
    for (const name of ["pulumi-kubernetes-operator", "pulumi-kubernetes-3F9C2A1B", "pulumi-kubernetes-3f9c2a1", "my-pulumi-kubernetes"]) assert.equal(sideOf(name), undefined, name);
  });

  it("knows Argo CD's sync, status, ApplicationSet, server and notifications managers", () => {
    for (const name of ["argocd-controller", "argocd-application-controller", "argocd-applicationset-controller", "argocd-server", "argocd-notifications-controller"])
      assert.equal(sideOf(name), "argocd", name);
  });

  it("leaves everyone else outside the boundary", () => {
    for (const name of ["kubectl", "kube-controller-manager", "kubectl-client-side-apply", "helm"]) assert.equal(sideOf(name), undefined, name);
  });

  it("adds extra names, and refuses one claimed by both sides", () => {
    const custom = managerClassifier({ pulumi: ["platform-team"], argocd: ["argocd-custom"] });
    assert.equal(custom("platform-team"), "pulumi");
    assert.equal(custom("argocd-custom"), "argocd");
    assert.throws(() => managerClassifier({ pulumi: ["shared"], argocd: ["shared"] }), /field manager "shared" cannot be both Pulumi's and Argo CD's/);
    assert.throws(() => managerClassifier({ argocd: ["pulumi-kubernetes"] }), /"pulumi-kubernetes" cannot be both/);
  });
});
