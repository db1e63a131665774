import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";

interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Job { permissions?: Record<string, string>; concurrency?: { group: string }; steps: Step[] }
const load = (name: string): { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> } =>
  parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", name), "utf8"));
const runs = (job: Job): string[] => job.steps.map((s) => s.run ?? "");

describe("the rollback workflows", () => {
  it("rollback-drill.yml drills staging weekly and on demand, outside any staging deploy, with full history", () => {
    const workflow = load("rollback-drill.yml");
    const schedule = workflow.on.schedule as { cron: string }[];
    assert.match(schedule[0]!.cron, /^\d+ \d+ \* \* [0-6]$/, "once a week");
    assert.ok("workflow_dispatch" in workflow.on);
    assert.deepEqual(workflow.permissions, { contents: "write", "id-token": "write" });
    const job = workflow.jobs.drill!;
    assert.equal(job.concurrency?.group, "deploy-staging");
    assert.equal(job.steps.find((s) => s.uses?.startsWith("actions/checkout"))?.with?.["fetch-depth"], 0);
    assert.ok(runs(job).some((r) => /^npx gitops rollback-drill --env staging\b/.test(r)));
    assert.ok(!runs(job).some((r) => r.includes("--confirm-production") || r.includes("--keep")));
  });

  it("deploy.yml runs the guarded rollout on staging after the deploy, before production", () => {
    const workflow = load("deploy.yml");
    const staging = workflow.jobs.staging!;
    const deploy = runs(staging).findIndex((r) => r.includes("npx gitops deploy --stack staging"));
    const rollout = runs(staging).findIndex((r) => r.includes('npx gitops rollout --env staging --commit "${{ github.sha }}"'));
    assert.ok(deploy >= 0 && rollout > deploy, "rollout after deploy");
    assert.equal(staging.permissions?.contents, "write", "the revert is pushed to main");
    assert.ok(!runs(workflow.jobs.production!).some((r) => r.includes("gitops rollout")), "production is not auto-reverted by CI");
  });
});
