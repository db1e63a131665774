import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { affectedStacks, parseChangedFiles } from "../../automation";

const STACKS = ["staging", "production"];

describe("affectedStacks", () => {
  it("maps Pulumi.<stack>.yaml to that stack only", () => {
    const result = affectedStacks(["Pulumi.production.yaml"], STACKS);
    assert.deepEqual(result.stacks, ["production"]);
    assert.deepEqual(result.notAffected, ["staging"]);
    assert.deepEqual(result.reasons, { production: ["Pulumi.production.yaml"] });
  });

  it("maps program, components, platform, dependencies and the project file to every stack", () => {
    for (const path of ["index.ts", "components/network/vpc.ts", "platform/layout.ts", "package.json", "package-lock.json", "Pulumi.yaml"]) {
      assert.deepEqual(affectedStacks([path], STACKS).stacks, STACKS, path);
    }
  });

  it("ignores Argo CD content, docs and tooling", () => {
    const result = affectedStacks(["apps/base/api/deployment.yaml", "argocd/applications/staging/api.yaml", "README.md", "docs/x.md", ".github/workflows/preview.yml"], STACKS);
    assert.deepEqual(result.stacks, []);
    assert.deepEqual(result.notAffected, STACKS);
  });

  it("treats an unknown path as affecting everything, and unknown changes as all stacks", () => {
    assert.deepEqual(affectedStacks(["scripts/new-thing.sh"], STACKS).stacks, STACKS);
    assert.deepEqual(affectedStacks(undefined, STACKS).stacks, STACKS);
  });

  it("ignores a stack file of a stack that is not a candidate, keeps candidate order", () => {
    assert.deepEqual(affectedStacks(["Pulumi.local.yaml"], STACKS).stacks, []);
    assert.deepEqual(affectedStacks(["Pulumi.production.yaml", "./Pulumi.staging.yaml"], STACKS).stacks, ["staging", "production"]);
  });
});

describe("parseChangedFiles", () => {
  it("reads git diff --name-only output and JSON arrays", () => {
    assert.deepEqual(parseChangedFiles("index.ts\n\n apps/x.yaml \n"), ["index.ts", "apps/x.yaml"]);
    assert.deepEqual(parseChangedFiles('["a.ts","b.ts"]'), ["a.ts", "b.ts"]);
    assert.throws(() => parseChangedFiles("[1,2]"), /array of strings/);
  });
});
