import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type AppState, appVerdict } from "../../automation/rollback/argocd";
import { affectedApplications, readEnvironmentTargets, watchedPaths } from "../../automation/rollback/targets";
import { REPO } from "./fixture";

describe("what an environment's Applications sync", () => {
  it("reads the Applications, the bases their overlays use, the root app and the branch", () => {
    const targets = readEnvironmentTargets(REPO, "local");
    assert.equal(targets.root.name, "root-local");
    assert.equal(targets.branch, "main");
    assert.deepEqual(targets.applications, [{ name: "api-service-local", paths: ["apps/base/api-service", "apps/overlays/local/api-service"] }]);
    assert.deepEqual(watchedPaths(targets), ["apps/base/api-service", "apps/overlays/local/api-service", "argocd/applications/local"]);
  });

  it("says which Applications a commit's files affect", () => {
    const targets = readEnvironmentTargets(REPO, "staging");
    assert.deepEqual(affectedApplications(targets, ["apps/base/api-service/deployment.yaml"]), ["api-service-staging"]);
    assert.deepEqual(affectedApplications(targets, ["argocd/applications/staging/api-service.yaml"]), ["root-staging"]);
    assert.deepEqual(affectedApplications(targets, ["apps/overlays/production/api-service/kustomization.yaml", "README.md"]), []);
    // A sibling directory whose name starts the same is not inside.
    assert.deepEqual(affectedApplications(targets, ["apps/base/api-service-v2/x.yaml"]), []);
  });

  it("rejects a bad environment name or one without a root app, naming the value", () => {
    assert.throws(() => readEnvironmentTargets(REPO, "Staging!"), /--env must be an environment name .* got "Staging!"/);
    assert.throws(() => readEnvironmentTargets(REPO, "qa"), /argocd\/bootstrap\/root-qa\.yaml does not exist/);
  });
});

describe("an Application's verdict against a target commit", () => {
  const at = (commit: string) => (revision: string | undefined) => revision === commit;
  const app = (over: Partial<AppState>): AppState => ({ name: "a", sync: "Synced", health: "Healthy", revision: "c1", images: [], ...over });

  it("is reconciled only when Synced and Healthy at the target with no sync running", () => {
    assert.deepEqual(appVerdict(app({}), at("c1")), { phase: "reconciled" });
    assert.deepEqual(appVerdict(app({ revision: "c0" }), at("c1")), { phase: "waiting", reason: "at c0" });
    assert.deepEqual(appVerdict(app({ health: "Progressing" }), at("c1")), { phase: "waiting", reason: "health Progressing" });
    assert.deepEqual(appVerdict(app({ operation: { phase: "Running", revision: "c1" } }), at("c1")), { phase: "waiting", reason: "sync running" });
    assert.deepEqual(appVerdict(undefined, at("c1")), { phase: "waiting", reason: "not found" });
  });

  it("fails on Degraded or a failed sync of the target, not of an older commit", () => {
    assert.deepEqual(appVerdict(app({ health: "Degraded" }), at("c1")), { phase: "failed", reason: "health Degraded" });
    assert.equal(appVerdict(app({ health: "Degraded", revision: "c0" }), at("c1")).phase, "waiting");
    // Not applied yet: the Degraded health is still the previous commit's.
    assert.deepEqual(appVerdict(app({ health: "Degraded", sync: "OutOfSync" }), at("c1")), { phase: "waiting", reason: "sync OutOfSync, health Degraded" });
    assert.equal(appVerdict(app({ health: "Degraded", operation: { phase: "Running", revision: "c1" } }), at("c1")).phase, "waiting");
    assert.deepEqual(appVerdict(app({ sync: "OutOfSync", operation: { phase: "Failed", revision: "c1", message: "one or more objects failed to apply" } }), at("c1")), {
      phase: "failed",
      reason: "sync Failed: one or more objects failed to apply",
    });
    assert.equal(appVerdict(app({ operation: { phase: "Failed", revision: "c0" } }), at("c1")).phase, "reconciled");
  });
});
