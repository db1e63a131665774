import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { addTenant } from "../../gitops/scaffold/stack-tenants";
import { REPO_ROOT } from "./support/trees";

const text = [
  "# State lives in S3.",
  "config:",
  "  gitops-platform:environment: staging # promoted first",
  "  gitops-platform:cluster:",
  "    instanceTypes: [m6i.large]",
  "    version: \"1.33\"",
  "  gitops-platform:tenants:",
  "    # payments owns api-service",
  "    - namespace: api-service",
  "      team: payments",
  "  gitops-platform:argocd:",
  "    repoUrl: https://github.com/example-org/gitops-platform.git",
  "",
].join("\n");

describe("addTenant", () => {
  it("appends the tenant and keeps comments, quoting, flow lists and key order", () => {
    const edit = addTenant("Pulumi.staging.yaml", text, { namespace: "billing", team: "finance" });
    assert.equal(edit.added, true);
    const expected = text.replace("      team: payments\n", "      team: payments\n    - namespace: billing\n      team: finance\n");
    assert.equal(edit.text, expected);
  });

  it("leaves the file untouched when the namespace is already a tenant", () => {
    assert.deepEqual(addTenant("Pulumi.staging.yaml", text, { namespace: "api-service", team: "other" }), { text, added: false });
  });

  it("refuses a stack file whose tenants are not a list", () => {
    assert.throws(() => addTenant("Pulumi.x.yaml", "config:\n  gitops-platform:tenants: none\n", { namespace: "a", team: "b" }), /not a list/);
  });

  for (const stack of ["staging", "production"]) {
    it(`changes nothing but the tenants in Pulumi.${stack}.yaml`, () => {
      const original = readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
      const edit = addTenant(`Pulumi.${stack}.yaml`, original, { namespace: "billing", team: "billing" });
      const before = parse(original) as { config: Record<string, unknown> };
      const after = parse(edit.text) as { config: Record<string, unknown[]> };
      assert.deepEqual(after.config["gitops-platform:tenants"]?.slice(-1), [{ namespace: "billing", team: "billing" }]);
      after.config["gitops-platform:tenants"]?.pop();
      assert.deepEqual(after, before);
      // Every original line survives in order (comments included); only tenant lines are added.
      const added = edit.text.split("\n").filter((line) => !original.split("\n").includes(line));
      assert.deepEqual(added, ["    - namespace: billing", "      team: billing"]);
    });
  }
});
