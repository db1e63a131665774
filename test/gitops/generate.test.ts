import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { appApplication } from "../../platform/argocd-manifests";
import { GENERATED_HEADER, planForRepository, staleGeneratedFiles } from "../../gitops/generate";
import { compareGenerated } from "../../gitops/lint/rules/generated-files";
import { readRepository } from "../../gitops/repo/repository";
import { writeGeneratedFiles } from "../../gitops/write-generated";
import { memoryRepository, overlayYaml, stackYaml } from "./support/memory-repo";
import { REPO_ROOT, removeTree, tempDir } from "./support/trees";

const twoEnvironments = memoryRepository({
  "Pulumi.stg.yaml": stackYaml("staging", ["web", "jobs"]),
  "Pulumi.prod.yaml": stackYaml("production", ["web"], "    ha: true"),
  "Pulumi.lab.yaml": stackYaml("local", ["web"]),
  "apps/overlays/staging/web/kustomization.yaml": overlayYaml("web"),
  "apps/overlays/production/web/kustomization.yaml": overlayYaml("web"),
});

describe("planGeneratedFiles", () => {
  const plan = planForRepository(twoEnvironments);

  it("generates projects, root and self Applications per environment with content, and app Applications per overlay", () => {
    assert.deepEqual(plan.problems, []);
    assert.deepEqual([...plan.files.keys()], [
      "argocd/applications/production/web.yaml",
      "argocd/applications/staging/web.yaml",
      "argocd/bootstrap/argocd-production.yaml",
      "argocd/bootstrap/argocd-staging.yaml",
      "argocd/bootstrap/root-production.yaml",
      "argocd/bootstrap/root-staging.yaml",
      "argocd/projects/platform.yaml",
      "argocd/projects/production.yaml",
      "argocd/projects/staging.yaml",
    ]);
    for (const text of plan.files.values()) assert.ok(text.startsWith(`${GENERATED_HEADER}\n`));
  });

  it("writes exactly what the shared builder returns, with the overlay's namespace as destination", () => {
    const text = plan.files.get("argocd/applications/staging/web.yaml") ?? "";
    const expected = appApplication({ app: "web", env: "staging", namespace: "web", repoUrl: "https://github.com/example-org/staging.git", targetRevision: "main" });
    assert.deepEqual(parse(text), expected);
  });

  it("allows each environment project exactly that stack's tenant namespaces", () => {
    const destinations = (env: string) => (parse(plan.files.get(`argocd/projects/${env}.yaml`) ?? "") as { spec: { destinations: { namespace: string }[] } }).spec.destinations.map((d) => d.namespace);
    assert.deepEqual(destinations("staging"), ["jobs", "web"]);
    assert.deepEqual(destinations("production"), ["web"]);
  });

  it("gives each environment's self Application that environment's HA setting", () => {
    const ha = (env: string) => (parse(plan.files.get(`argocd/bootstrap/argocd-${env}.yaml`) ?? "") as { spec: { source: { helm: { valuesObject: { "redis-ha": { enabled: boolean } } } } } }).spec.source.helm.valuesObject["redis-ha"].enabled;
    assert.equal(ha("production"), true);
    assert.equal(ha("staging"), false);
  });

  it("reports an overlay without a namespace instead of guessing a destination", () => {
    const repository = memoryRepository({ "Pulumi.stg.yaml": stackYaml("staging", ["web"]), "apps/overlays/staging/web/kustomization.yaml": overlayYaml() });
    const result = planForRepository(repository);
    assert.deepEqual(result.problems.map((p) => p.file), ["apps/overlays/staging/web/kustomization.yaml"]);
    assert.equal(result.files.has("argocd/applications/staging/web.yaml"), false);
  });

  it("treats only header-bearing files under argocd/ that are no longer planned as stale", () => {
    const present = new Map([
      ["argocd/applications/staging/old.yaml", `${GENERATED_HEADER}\nkind: Application\n`],
      ["argocd/applications/staging/hand.yaml", "kind: Application\n"],
      ["apps/base/x.yaml", `${GENERATED_HEADER}\n`],
      ["argocd/projects/staging.yaml", plan.files.get("argocd/projects/staging.yaml") ?? ""],
    ]);
    assert.deepEqual(staleGeneratedFiles(present, plan.files), ["argocd/applications/staging/old.yaml"]);
  });

  it("matches the files committed in this repository", async () => {
    const repository = await readRepository(REPO_ROOT);
    assert.deepEqual(compareGenerated(repository, planForRepository(repository)), []);
  });
});

describe("writeGeneratedFiles", () => {
  it("writes changes, leaves identical files alone, deletes stale generated files and never touches hand-written ones", async () => {
    const root = tempDir("write");
    try {
      const planned = new Map([["argocd/projects/a.yaml", `${GENERATED_HEADER}\na: 1\n`], ["argocd/projects/b.yaml", `${GENERATED_HEADER}\nb: 1\n`]]);
      mkdirSync(join(root, "argocd/projects"), { recursive: true });
      writeFileSync(join(root, "argocd/projects/b.yaml"), planned.get("argocd/projects/b.yaml") ?? "");
      writeFileSync(join(root, "argocd/projects/old.yaml"), `${GENERATED_HEADER}\nold: 1\n`);
      writeFileSync(join(root, "argocd/projects/hand.yaml"), "hand: 1\n");
      const present = new Map([
        ["argocd/projects/b.yaml", planned.get("argocd/projects/b.yaml") ?? ""],
        ["argocd/projects/old.yaml", `${GENERATED_HEADER}\nold: 1\n`],
        ["argocd/projects/hand.yaml", "hand: 1\n"],
      ]);
      const result = await writeGeneratedFiles(root, planned, present);
      assert.deepEqual(result, { written: ["argocd/projects/a.yaml"], deleted: ["argocd/projects/old.yaml"], unchanged: ["argocd/projects/b.yaml"] });
      assert.equal(readFileSync(join(root, "argocd/projects/a.yaml"), "utf8"), planned.get("argocd/projects/a.yaml"));
      assert.equal(existsSync(join(root, "argocd/projects/old.yaml")), false);
      assert.equal(readFileSync(join(root, "argocd/projects/hand.yaml"), "utf8"), "hand: 1\n");
    } finally {
      removeTree(root);
    }
  });
});
