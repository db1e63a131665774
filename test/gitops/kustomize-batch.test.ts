/** Batched kustomize builds: the split by annotation, the halving fallback, and equality with single builds. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildBatch, splitBatch, UNIT_ANNOTATION } from "../../gitops/kustomize/batch";
import { buildAll, buildOne, type BuildResult } from "../../gitops/kustomize/build";
import { locateKustomize } from "../../gitops/kustomize/locate";
import { REPO_ROOT } from "./support/trees";

describe("kustomize batches", () => {
  it("splits a batch's output back to its directories and removes the tag everywhere", () => {
    const tagged = (unit: string, extra: Record<string, string> = {}) => ({ [UNIT_ANNOTATION]: unit, ...extra });
    const objects = [
      { kind: "Deployment", metadata: { name: "a", annotations: tagged("0") }, spec: { template: { metadata: { annotations: tagged("0", { keep: "yes" }) } } } },
      { kind: "Service", metadata: { name: "b", annotations: tagged("1") } },
    ];
    const split = splitBatch(["apps/a", "apps/b"], objects);
    assert.deepEqual(split.get("apps/a"), [{ kind: "Deployment", metadata: { name: "a" }, spec: { template: { metadata: { annotations: { keep: "yes" } } } } }]);
    assert.deepEqual(split.get("apps/b"), [{ kind: "Service", metadata: { name: "b" } }]);
  });

  it("halves a failing batch until the failing directory is built, and reported, alone", async () => {
    const calls: string[] = [];
    const build = async (_base: string, dir: string): Promise<BuildResult> => {
      calls.push(dir === "" ? "batch" : dir);
      if (dir === "") return { dir, ok: false, error: "collision" };
      return dir === "c" ? { dir, ok: false, error: "c is broken" } : { dir, ok: true, objects: [] };
    };
    const results = await buildBatch("/repo", ["a", "b", "c"], build);
    assert.deepEqual(results.map((r) => `${r.dir}:${r.ok}`), ["a:true", "b:true", "c:false"]);
    assert.deepEqual(calls, ["batch", "batch", "a", "b", "c"]);
  });

  it("gives the same objects as single builds, in one batch or after falling back on colliding ids", async () => {
    const kustomize = locateKustomize();
    const cases = [
      ["apps/base/api-service", "apps/overlays/staging/api-service"], // distinct ids (the overlay sets a namespace): one batch
      ["apps/overlays/staging/api-service", "apps/overlays/production/api-service"], // same ids: the batch fails, each builds alone
    ];
    const processes: number[] = [];
    for (const dirs of cases) {
      let count = 0;
      const counted = (base: string, dir: string) => (count++, buildOne(base, dir, { kustomize }));
      const batched = await buildBatch(REPO_ROOT, dirs, counted);
      for (const [i, dir] of dirs.entries()) assert.deepEqual(batched[i], await buildOne(REPO_ROOT, dir, { kustomize }), dir);
      processes.push(count);
    }
    assert.deepEqual(processes, [1, 3], "one kustomize run for the batch; a failed batch, then each directory alone");
    const all = await buildAll(REPO_ROOT, cases[0]!.map((dir) => ({ dir, group: "one" })), { kustomize });
    assert.deepEqual([...all.keys()], cases[0]);
  });
});
