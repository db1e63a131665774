import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = (name: string): Workflow => parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", name), "utf8")) as Workflow;
const WORKFLOWS = ["preview.yml", "deploy.yml", "drift.yml"];

describe("GitHub workflows", () => {
  for (const name of WORKFLOWS) {
    it(`${name}: OIDC credentials only, npm ci before npx gitops, toolchain provides Pulumi`, () => {
      const workflow = load(name);
      assert.equal(workflow.permissions["id-token"], "write");
      assert.ok(!Object.values(workflow.permissions).includes("write-all"));
      const text = readFileSync(join(__dirname, "..", "..", ".github", "workflows", name), "utf8");
      assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
      for (const job of Object.values(workflow.jobs)) {
        const index = (pred: (s: Step) => boolean) => job.steps.findIndex(pred);
        const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
        assert.ok(aws?.with?.["role-to-assume"], "assumes a role");
        const ci = index((s) => s.run === "npm ci");
        const toolchain = index((s) => s.run?.includes("npm run toolchain") ?? false);
        const gitops = index((s) => s.run?.includes("npx gitops") ?? false);
        assert.ok(ci >= 0 && ci < toolchain && toolchain < gitops, "npm ci, then toolchain, then gitops");
      }
    });
  }

  it("preview.yml runs on pull requests, may only write the PR comment", () => {
    const workflow = load("preview.yml");
    assert.ok("pull_request" in workflow.on);
    assert.deepEqual(workflow.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
    assert.match(workflow.jobs.preview!.steps.map((s) => s.run ?? "").join("\n"), /npx gitops preview --base .* --comment/);
  });

  it("deploy.yml applies staging then production, each in its environment and concurrency group", () => {
    const workflow = load("deploy.yml");
    assert.deepEqual(workflow.on, { push: { branches: ["main"] } });
    assert.deepEqual(workflow.permissions, { contents: "read", "id-token": "write" });
    const { staging, production } = workflow.jobs;
    assert.equal(production!.needs, "staging");
    for (const [stack, job] of [["staging", staging!], ["production", production!]] as const) {
      assert.equal(job.environment, stack);
      assert.deepEqual(job.concurrency, { group: `deploy-${stack}`, "cancel-in-progress": false });
      const run = job.steps.map((s) => s.run ?? "").join("\n");
      assert.match(run, new RegExp(`npx gitops deploy --stack ${stack} --expected-commit "\\$\\{\\{ github.sha \\}\\}"`));
    }
  });

  it("drift.yml runs daily and on demand, per stack, and only fails on errors", () => {
    const workflow = load("drift.yml");
    assert.ok(Array.isArray(workflow.on.schedule) && "workflow_dispatch" in workflow.on);
    assert.deepEqual(workflow.permissions, { contents: "read", issues: "write", "id-token": "write" });
    const run = workflow.jobs.drift!.steps.map((s) => s.run ?? "").join("\n");
    assert.match(run, /npx gitops drift --stack "\$\{\{ matrix.stack \}\}" --issue/);
    assert.match(run, /\[ "\$code" -ne 1 \]/);
  });
});
