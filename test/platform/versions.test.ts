import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { SELF_MANIFESTS_PATH } from "../../components/argocd/install-plan";
import { versions } from "../../platform/versions";

const ROOT = path.resolve(__dirname, "../..");

describe("pinned versions", () => {
  it("the self-managed Argo CD source in Git installs the same version the lab applies", () => {
    const kustomization = fs.readFileSync(path.join(ROOT, SELF_MANIFESTS_PATH, "kustomization.yaml"), "utf8");
    const tags = [...kustomization.matchAll(/argoproj\/argo-cd\/(v[\d.]+)\//g)].map((m) => m[1]);
    assert.deepEqual(tags, [versions.argocd]);
  });

  it("the lab fetches the Argo CD manifests of that version", () => {
    const script = fs.readFileSync(path.join(ROOT, "scripts/fetch-upstream-manifests.sh"), "utf8");
    assert.match(script, new RegExp(`ARGOCD_VERSION:-${versions.argocd.replace(/\./g, "\\.")}\\}`));
    assert.match(fs.readFileSync(path.join(ROOT, "Pulumi.local.yaml"), "utf8"), new RegExp(`argocd-${versions.argocd.replace(/\./g, "\\.")}/manifests`));
  });

  it("every version is an exact pin, never a range or latest", () => {
    for (const [name, value] of Object.entries(versions)) assert.match(value, /^v?\d+\.\d+(\.\d+)?$/, name);
  });
});
