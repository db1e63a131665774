import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { buildOne } from "../../gitops/kustomize/build";
import { lintRepository } from "../../gitops/lint";
import { locateKustomize } from "../../gitops/kustomize/locate";
import { readRepository } from "../../gitops/repo/repository";
import { NewAppError, planNewApp, writeNewApp } from "../../gitops/scaffold/new-app";
import { copyRepositoryYaml, removeTree } from "./support/trees";

function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof NewAppError) return [...error.reasons];
    throw error;
  }
  assert.fail("expected NewAppError");
}

describe("gitops new-app", () => {
  let root = "";
  before(async () => {
    root = await copyRepositoryYaml();
  });
  after(() => removeTree(root));

  it("refuses bad names, reserved namespaces, unpinned images and existing apps, listing every reason", async () => {
    const repository = await readRepository(root);
    assert.match(refusal(() => planNewApp(repository, { app: "Billing_Service" }))[0] ?? "", /DNS label/);
    assert.match(refusal(() => planNewApp(repository, { app: "root" })).join("\n"), /collide with a platform Application/);
    assert.match(refusal(() => planNewApp(repository, { app: "x".repeat(60) })).join("\n"), /exceed 63 characters/);
    assert.match(refusal(() => planNewApp(repository, { app: "billing", namespace: "kube-system" })).join("\n"), /reserved/);
    assert.match(refusal(() => planNewApp(repository, { app: "billing", image: "nginx:latest" })).join("\n"), /latest/);
    const existing = refusal(() => planNewApp(repository, { app: "api-service" }));
    assert.ok(existing.includes('app "api-service" already exists: apps/base/api-service'));
    assert.ok(existing.includes('app "api-service" already exists: apps/overlays/staging/api-service'));
    assert.equal(refusal(() => planNewApp(repository, { app: "-bad", image: "nginx" })).length, 2);
  });

  it("plans base, overlays, Applications, tenants and updated projects in memory", async () => {
    const plan = planNewApp(await readRepository(root), { app: "billing", team: "finance" });
    assert.deepEqual([...plan.created.keys()].sort(), [
      "apps/base/billing/deployment.yaml",
      "apps/base/billing/hpa.yaml",
      "apps/base/billing/kustomization.yaml",
      "apps/base/billing/pdb.yaml",
      "apps/base/billing/service.yaml",
      "apps/base/billing/serviceaccount.yaml",
      "apps/overlays/local/billing/kustomization.yaml",
      "apps/overlays/production/billing/kustomization.yaml",
      "apps/overlays/staging/billing/kustomization.yaml",
      "argocd/applications/local/billing.yaml",
      "argocd/applications/production/billing.yaml",
      "argocd/applications/staging/billing.yaml",
    ]);
    assert.deepEqual([...plan.updated.keys()].sort(), [
      "Pulumi.local.yaml",
      "Pulumi.production.yaml",
      "Pulumi.staging.yaml",
      "argocd/projects/local.yaml",
      "argocd/projects/production.yaml",
      "argocd/projects/staging.yaml",
    ]);
  });

  it("writes a tree that lints clean, with the namespace a tenant of every stack", async () => {
    const plan = planNewApp(await readRepository(root), { app: "billing" });
    await writeNewApp(root, plan);
    const result = await lintRepository(root, { kustomize: locateKustomize() });
    assert.deepEqual(result.findings, []);
    // The overlays of api-service and billing in each of the three environments.
    assert.equal(result.builds, 6);
    for (const stack of ["local", "staging", "production"]) {
      const config = (parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, { namespace: string; team: string }[]> }).config;
      assert.deepEqual(config["gitops-platform:tenants"]?.at(-1), { namespace: "billing", team: "billing" });
    }
    assert.match(readFileSync(join(root, "Pulumi.production.yaml"), "utf8"), /^# State: pulumi login/);
    // Built with the real kustomize: the lab's overlay runs two replicas and no autoscaler (no metrics
    // server there), staging and production keep theirs.
    const kinds = async (env: string) => {
      const built = await buildOne(root, `apps/overlays/${env}/billing`, { kustomize: locateKustomize() });
      assert.ok(built.ok, JSON.stringify(built));
      return built.objects as { kind: string; spec?: { replicas?: number } }[];
    };
    const local = await kinds("local");
    assert.equal(local.find((o) => o.kind === "HorizontalPodAutoscaler"), undefined);
    assert.equal(local.find((o) => o.kind === "Deployment")?.spec?.replicas, 2);
    assert.ok((await kinds("staging")).some((o) => o.kind === "HorizontalPodAutoscaler"));
    const afterwards = await readRepository(root);
    assert.ok(refusal(() => planNewApp(afterwards, { app: "billing" })).includes('app "billing" already exists: apps/base/billing'));
  });
});
