import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_DRIFT_IGNORE, MASK, detectDrift, diffProperties } from "../../automation";
import { fakeSelector, fixture, withoutSummary } from "./helpers/fake-stack";

const drifted = { previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") }, up: { events: fixture("real-up-update.jsonl") } };
const clean = { previewRefresh: { events: fixture("real-refresh-clean.jsonl") }, up: { events: fixture("real-up-update.jsonl") } };
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

describe("detectDrift", () => {
  it("uses previewRefresh and reports property-level differences per resource", async () => {
    const selectStack = fakeSelector({ staging: drifted, production: clean });
    const report = await detectDrift({ selectStack });
    assert.deepEqual(selectStack.log.calls.map((c) => c.operation), ["previewRefresh", "previewRefresh"]);
    assert.equal(report.drifted, true);
    assert.equal(report.ok, true);
    const [staging, production] = report.stacks;
    assert.equal(production!.status, "clean");
    assert.equal(staging!.status, "drifted");
    const summary = Object.fromEntries(staging!.resources.map((r) => [r.name, r.kind === "deleted" ? "deleted" : r.properties]));
    assert.deepEqual(summary, {
      settings: [{ path: "data.logLevel", expected: "info", actual: "trace" }],
      shop: [{ path: "spec.replicas", expected: 1, actual: 3 }],
      "feature-a": "deleted",
    });
  });

  it("drops known provider noise and counts it", async () => {
    const report = await detectDrift({ selectStack: fakeSelector({ staging: drifted }), stacks: ["staging"] });
    const staging = report.stacks[0]!;
    const all = (await detectDrift({ selectStack: fakeSelector({ staging: drifted }), stacks: ["staging"], ignore: {} })).stacks[0]!;
    const paths = all.resources.flatMap((r) => r.properties.map((p) => p.path));
    const noise = paths.filter((path) => !["data.logLevel", "spec.replicas"].includes(path));
    // What the Kubernetes provider really reports beside the two changes: its copy of the
    // inputs, the API server's bookkeeping, the controller's status and revision stamp.
    for (const expected of ["__inputs.data.logLevel", "__inputs.spec.replicas", "metadata.resourceVersion", "metadata.generation", 'metadata.annotations["deployment.kubernetes.io/revision"]', "status.replicas"]) {
      assert.ok(noise.includes(expected), `${expected} is among ${noise.join(", ")}`);
    }
    assert.ok(noise.some((path) => path.startsWith("metadata.managedFields[")));
    assert.equal(staging.ignoredDifferences, noise.length);
    assert.equal(all.ignoredDifferences, 0);
  });

  it("honours exact-type rules beside the globs", async () => {
    const exact = await detectDrift({
      selectStack: fakeSelector({ staging: drifted }),
      stacks: ["staging"],
      ignore: { "kubernetes:*": DEFAULT_DRIFT_IGNORE["kubernetes:*"]!, "kubernetes:core/v1:ConfigMap": ["data.logLevel"] },
    });
    assert.deepEqual(
      exact.stacks[0]!.resources.map((r) => [r.name, r.properties.map((p) => p.path)]),
      [
        ["feature-a", []],
        ["shop", ["metadata.annotations[\"deployment.kubernetes.io/revision\"]", "spec.replicas"]],
      ],
      "the ConfigMap's only change is ignored; the Deployment's revision stamp is no longer",
    );
  });

  it("refuses to remediate production without confirmProduction, remediates staging", async () => {
    const selectStack = fakeSelector({ staging: drifted, production: drifted });
    const report = await detectDrift({ selectStack, remediate: true });
    assert.deepEqual(report.stacks.map((s) => [s.stack, s.remediation?.status]), [["staging", "succeeded"], ["production", "refused"]]);
    assert.deepEqual(selectStack.log.calls.filter((c) => c.operation === "up").map((c) => c.stack), ["staging"]);
    const remediation = selectStack.log.calls.find((c) => c.operation === "up")!;
    assert.equal((remediation.options as { refresh?: boolean }).refresh, true, "remediation refreshes before updating");
  });

  it("remediates production when confirmed", async () => {
    const selectStack = fakeSelector({ production: drifted });
    const report = await detectDrift({ selectStack, stacks: ["production"], remediate: true, confirmProduction: true });
    assert.equal(report.stacks[0]!.remediation?.status, "succeeded");
  });

  it("does not remediate clean stacks", async () => {
    const selectStack = fakeSelector({ staging: clean });
    await detectDrift({ selectStack, stacks: ["staging"], remediate: true });
    assert.ok(!selectStack.log.calls.some((c) => c.operation === "up"));
  });

  it("leaves the resources the stack hands off to Argo CD out of its refresh, unless asked", async () => {
    const handedOff = ["urn:pulumi:staging::gitops-platform::gitops:argocd:ArgoCd$kubernetes:yaml/v2:ConfigGroup$kubernetes:apps/v1:Deployment::argocd-install:argocd/argocd-server"];
    const outputs = { outputs: { handedOffToArgoCd: { value: [...handedOff, 42, "not-a-urn"], secret: false } }, secrets: [] };
    const selectStack = fakeSelector({ staging: { ...clean, outputs }, production: { ...clean, outputs: { outputs: {}, secrets: [] } } });
    await detectDrift({ selectStack, stacks: ["staging", "production"] });
    await detectDrift({ selectStack, stacks: ["staging"], includeHandedOff: true });
    assert.deepEqual(
      selectStack.log.calls.map((c) => [c.stack, c.options.exclude]),
      [["staging", handedOff], ["production", undefined], ["staging", undefined]],
    );
  });

  it("fails a stack whose refresh ends without a summary", async () => {
    const report = await detectDrift({
      selectStack: fakeSelector({ staging: { previewRefresh: { events: withoutSummary(fixture("real-refresh-kubernetes-drift.jsonl")) } } }),
      stacks: ["staging"],
    });
    assert.equal(report.ok, false);
    assert.equal(report.stacks[0]!.status, "failed");
  });
});

describe("diffProperties", () => {
  it("walks objects and arrays with Pulumi property paths", () => {
    assert.deepEqual(diffProperties({ a: { "b.c": [1, 2] }, d: 1 }, { a: { "b.c": [1, 3, 4] }, d: 1 }), [
      { path: 'a["b.c"][1]', expected: 2, actual: 3 },
      { path: 'a["b.c"][2]', expected: undefined, actual: 4 },
    ]);
  });

  it("masks both sides when either is secret, and cannot see changes between two secrets", () => {
    assert.deepEqual(diffProperties({ p: SIG }, { p: "plaintext-now" }), [{ path: "p", expected: MASK, actual: MASK }]);
    assert.deepEqual(diffProperties({ p: SIG }, { p: SIG }), []);
  });

  it("has a default ignore list for AWS tagsAll and Kubernetes bookkeeping", () => {
    assert.deepEqual(DEFAULT_DRIFT_IGNORE["aws:*"], ["tagsAll"]);
    assert.ok(DEFAULT_DRIFT_IGNORE["kubernetes:*"]!.includes("metadata.managedFields"));
    assert.ok(DEFAULT_DRIFT_IGNORE["kubernetes:*"]!.includes("__inputs"), "the provider's copy of the inputs doubles every change");
  });
});
