import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { type ProgramRun, runProgram } from "../support/stack-program";

describe("local stack (bring your own cluster, under mocks)", () => {
  let run: ProgramRun;
  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-stack-"));
    fs.writeFileSync(path.join(dir, "kubeconfig"), "apiVersion: v1\nkind: Config\ncurrent-context: gitops-lab\n");
    fs.mkdirSync(path.join(dir, "manifests"));
    fs.writeFileSync(path.join(dir, "manifests", "install.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: argocd-server\n");
    run = await runProgram("local", (config) => {
      config["gitops-platform:cluster"].kubeconfig = path.join(dir, "kubeconfig");
      config["gitops-platform:argocd"].manifestsDir = path.join(dir, "manifests");
    });
  });

  it("creates no AWS resource at all", () => {
    const aws = run.cloud.resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("eks:"));
    assert.deepEqual(aws.map((r) => r.type), []);
  });

  it("uses the given kubeconfig and context through one Kubernetes provider", () => {
    const provider = run.cloud.one("pulumi:providers:kubernetes").inputs;
    assert.equal(provider.context, "gitops-lab");
    assert.match(JSON.stringify(provider.kubeconfig), /current-context: gitops-lab/);
  });

  it("deploys tenancy and Argo CD from upstream manifests, waiting for its pods (the lab's simulated nodes run them)", () => {
    assert.equal(run.cloud.one("kubernetes:core/v1:ResourceQuota").inputs.spec.hard.pods, "20");
    assert.equal(run.cloud.one("kubernetes:yaml/v2:ConfigGroup").inputs.skipAwait, false);
    assert.equal(run.cloud.ofType("kubernetes:argoproj.io/v1alpha1:Application").length, 2);
    assert.equal(run.cloud.ofType("gitops:secrets:SecretsDelivery").length, 0);
    assert.equal(run.cloud.ofType("gitops:monitoring:Monitoring").length, 0);
  });
});

describe("local stack config", () => {
  it("expands ~ in paths the way a shell would", async () => {
    const { parsePlatformConfig } = await import("../../platform/config");
    const config = parsePlatformConfig("local", {
      environment: "local",
      cluster: { mode: "existing", kubeconfig: "~/.kube/config" },
      tenants: [{ namespace: "a", team: "t" }],
      argocd: { repoUrl: "https://example.com/r.git", install: "manifests", manifestsDir: "~/m" },
      secrets: { delivery: "none" },
    });
    assert.equal(config.cluster.mode === "existing" && config.cluster.kubeconfig, path.join(os.homedir(), ".kube/config"));
    assert.equal(config.argocd.manifestsDir, path.join(os.homedir(), "m"));
  });
});
