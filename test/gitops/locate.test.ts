import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KustomizeNotFoundError, cachedKustomizePath, locateKustomize } from "../../gitops/kustomize/locate";

const cache = { GITOPS_TOOLCHAIN_CACHE: "/home/dev/.cache/gitops-platform" };
const cached = cachedKustomizePath(cache);
const only = (...present: string[]) => (path: string) => present.includes(path);

describe("locateKustomize", () => {
  it("uses KUSTOMIZE when it names an executable", () => {
    assert.equal(locateKustomize({ env: { ...cache, KUSTOMIZE: "/opt/k", PATH: "/usr/bin" }, isExecutable: only("/opt/k", cached) }), "/opt/k");
  });

  it("refuses a KUSTOMIZE that is not executable instead of falling back", () => {
    assert.throws(() => locateKustomize({ env: { ...cache, KUSTOMIZE: "/nope" }, isExecutable: only(cached) }), KustomizeNotFoundError);
  });

  it("prefers the pinned cache over PATH", () => {
    assert.equal(cached, "/home/dev/.cache/gitops-platform/tools/kustomize-v5.8.1/kustomize");
    assert.equal(cachedKustomizePath({ GITOPS_TOOLCHAIN_CACHE: "/ci/cache" }), "/ci/cache/tools/kustomize-v5.8.1/kustomize", "the toolchain cache is honoured");
    assert.equal(locateKustomize({ env: { ...cache, PATH: "/usr/bin" }, isExecutable: only("/usr/bin/kustomize", cached) }), cached);
  });

  it("falls back to kustomize on PATH", () => {
    assert.equal(locateKustomize({ env: { ...cache, PATH: "/a:/usr/local/bin" }, isExecutable: only("/usr/local/bin/kustomize") }), "/usr/local/bin/kustomize");
  });

  it("fails with instructions when kustomize is nowhere", () => {
    assert.throws(
      () => locateKustomize({ env: { ...cache, PATH: "/usr/bin" }, isExecutable: () => false }),
      (error: Error) =>
        error instanceof KustomizeNotFoundError &&
        error.message.includes("go install sigs.k8s.io/kustomize/kustomize/v5@v5.8.1") &&
        error.message.includes("scripts/install-kustomize.sh") &&
        error.message.includes(cached),
    );
  });
});
