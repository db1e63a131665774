import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { SELF_MANIFESTS_PATH } from "../../components/argocd/install-plan";
import { versions } from "../../platform/versions";

const ROOT = path.resolve(__dirname, "../..");

describe("pinned versions", () => {
  it("the vendored Argo CD install is upstream's install.yaml at the pinned version, unchanged", () => {
    const cache = process.env.GITOPS_TOOLCHAIN_CACHE ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "gitops-platform");
    const upstream = path.join(cache, `argocd-${versions.argocd}`, "manifests", "install.yaml");
    assert.ok(fs.existsSync(upstream), `${upstream} is missing: run \`bash scripts/fetch-upstream-manifests.sh\` (part of \`npm run toolchain\`)`);
    const vendored = fs.readFileSync(path.join(ROOT, SELF_MANIFESTS_PATH, "install.yaml"), "utf8");
    assert.ok(vendored === fs.readFileSync(upstream, "utf8"), `${SELF_MANIFESTS_PATH}/install.yaml differs from Argo CD ${versions.argocd}'s; copy it from ${upstream}`);
  });

  it("the self-managed Argo CD source and the lab's one-time install are the same vendored files", () => {
    const kustomization = fs.readFileSync(path.join(ROOT, SELF_MANIFESTS_PATH, "kustomization.yaml"), "utf8");
    assert.match(kustomization, /^resources:\n {2}- install\.yaml$/m);
    assert.match(fs.readFileSync(path.join(ROOT, "Pulumi.local.yaml"), "utf8"), new RegExp(`^ {4}manifestsDir: ${SELF_MANIFESTS_PATH}$`, "m"));
    const script = fs.readFileSync(path.join(ROOT, "scripts/fetch-upstream-manifests.sh"), "utf8");
    assert.match(script, new RegExp(`ARGOCD_VERSION:-${versions.argocd.replace(/\./g, "\\.")}\\}`));
  });

  it("every version is an exact pin, never a range or latest", () => {
    for (const [name, value] of Object.entries(versions)) assert.match(value, /^v?\d+\.\d+(\.\d+)?$/, name);
  });
});
