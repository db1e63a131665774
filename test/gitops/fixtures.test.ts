/**
 * Every lint rule against a deliberately broken fixture tree (the exact rule,
 * file and line of each finding), the clean base fixture, and the real
 * repository, all with the real kustomize.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintRepository, RULES } from "../../gitops/lint";
import { locateKustomize } from "../../gitops/kustomize/locate";
import { BASE_FIXTURE, REPO_ROOT, expectedFindings, materializeFixture, removeTree, ruleFixtures } from "./support/trees";

const kustomize = locateKustomize();
const key = (f: { rule: string; file: string; line: number; severity?: string }) => `${f.file}:${f.line} [${f.rule}] ${f.severity ?? "error"}`;

describe("gitops lint fixtures", { concurrency: 4 }, () => {
  for (const fixture of ruleFixtures()) {
    it(`${fixture}: reports exactly the broken places`, async () => {
      const root = materializeFixture(fixture);
      try {
        const result = await lintRepository(root, { kustomize });
        assert.deepEqual(result.findings.map(key).sort(), expectedFindings(fixture).map(key).sort());
        assert.ok(result.findings.every((f) => f.message.length > 0));
      } finally {
        removeTree(root);
      }
    });
  }

  it("covers every rule with at least one fixture named after it", () => {
    const covered = new Set(ruleFixtures().map((name) => name.split("--")[0]));
    assert.deepEqual(RULES.map((r) => r.id).filter((id) => !covered.has(id)), []);
  });

  it("lints the base fixture clean", async () => {
    const result = await lintRepository(BASE_FIXTURE, { kustomize });
    assert.deepEqual(result.findings, []);
    assert.equal(result.builds, 1);
  });

  it("lints the real repository clean, building each overlay once", async () => {
    const result = await lintRepository(REPO_ROOT, { kustomize });
    assert.deepEqual(result.findings, []);
    // One batched kustomize build per environment: local, staging, production.
    assert.equal(result.builds, 3);
  });
});
