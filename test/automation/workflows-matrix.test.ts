/**
 * The matrix variants of the preview and drift workflows: the plan job feeds
 * the matrix, every stack job uploads a report the merge job downloads, the
 * merge job runs whatever happened to the stack jobs, each job has only the
 * permissions it uses, and exactly one of the two variants runs.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { matrixPlan } from "../../automation/matrix-plan";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const path = (name: string) => join(__dirname, "..", "..", ".github", "workflows", name);
const load = (name: string): Workflow => parse(readFileSync(path(name), "utf8")) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");

const VARIANTS = [
  { file: "preview-matrix.yml", single: "preview.yml", stackJob: "preview", mergeJob: "comment", artifact: "preview-report", write: "pull-requests" },
  { file: "drift-matrix.yml", single: "drift.yml", stackJob: "drift", mergeJob: "report", artifact: "drift-report", write: "issues" },
] as const;

describe("matrix workflows", () => {
  for (const v of VARIANTS) {
    const operation = v.stackJob;

    it(`${v.file}: runs exactly when ${v.single} does not`, () => {
      const single = Object.values(load(v.single).jobs);
      assert.equal(single.length, 1);
      assert.equal(single[0]!.if, "vars.GITOPS_STACK_MATRIX != 'true'");
      assert.equal(load(v.file).jobs.plan!.if, "vars.GITOPS_STACK_MATRIX == 'true'");
      assert.deepEqual(load(v.file).on, load(v.single).on);
    });

    it(`${v.file}: least privilege per job, nothing at the workflow level`, () => {
      const { permissions, jobs } = load(v.file);
      assert.deepEqual(permissions, {});
      assert.deepEqual(jobs.plan!.permissions, { contents: "read" });
      assert.deepEqual(jobs[v.stackJob]!.permissions, { contents: "read", "id-token": "write" });
      assert.deepEqual(jobs[v.mergeJob]!.permissions, { contents: "read", [v.write]: "write" });
      const text = readFileSync(path(v.file), "utf8");
      assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
      assert.ok(!JSON.stringify(jobs[v.stackJob]).includes("GITHUB_TOKEN"), "stack jobs never talk to GitHub");
    });

    it(`${v.file}: the plan printed by \`gitops ${operation} --plan\` drives the matrix`, () => {
      const { jobs } = load(v.file);
      assert.ok(runs(jobs.plan!).includes(`plan="$(npx gitops ${operation} --plan`));
      assert.ok(runs(jobs.plan!).includes('echo "plan=$plan" >> "$GITHUB_OUTPUT"'));
      assert.equal(jobs.plan!.outputs!.plan, "${{ steps.plan.outputs.plan }}");
      const stack = jobs[v.stackJob]!;
      assert.equal(stack.needs, "plan");
      assert.equal(stack.strategy!["fail-fast"], false, "one stack's failure never cancels the others");
      // Every property the workflow reads from the plan exists in a real plan.
      const plan = matrixPlan(operation, { stacks: ["staging", "production"], notAffected: [] }) as unknown as Record<string, unknown>;
      const used = [...readFileSync(path(v.file), "utf8").matchAll(/fromJSON\(needs\.plan\.outputs\.plan\)((?:\.\w+|\[\d+\])+)/g)].map((m) => m[1]!);
      assert.ok(used.includes(".matrix"));
      for (const access of used) {
        const value = access.match(/\.\w+|\[\d+\]/g)!.reduce<unknown>((at, part) => (at as Record<string, unknown>)[part.startsWith(".") ? part.slice(1) : Number(part.slice(1, -1))], plan);
        assert.notEqual(value, undefined, `the plan has no ${access}`);
      }
      assert.deepEqual(Object.keys(plan.matrix as object), ["stack"], "matrix.stack is the only matrix key the jobs read");
    });

    it(`${v.file}: each stack job runs one stack and uploads its report under a name the merge job downloads`, () => {
      const { jobs } = load(v.file);
      const stack = jobs[v.stackJob]!;
      const index = (pred: (s: Step) => boolean) => stack.steps.findIndex(pred);
      assert.ok(index((s) => s.run === "npm ci") < index((s) => s.run?.includes("npm run toolchain") ?? false));
      assert.ok(index((s) => s.run?.includes("npm run toolchain") ?? false) < index((s) => s.run?.includes("npx gitops") ?? false));
      assert.match(runs(stack), new RegExp(`npx gitops ${operation} --stack "\\$STACK" --report-file ${v.artifact}.json`));
      assert.equal(stack.steps.find((s) => s.run?.includes("npx gitops"))!.env!.STACK, "${{ matrix.stack }}");
      const upload = stack.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
      assert.deepEqual([upload.with!.name, upload.with!.path], [`${v.artifact}-\${{ matrix.stack }}`, `${v.artifact}.json`]);
      const download = jobs[v.mergeJob]!.steps.find((s) => s.uses?.startsWith("actions/download-artifact"))!;
      assert.deepEqual(download.with, { pattern: `${v.artifact}-*`, path: "reports" });
    });

    it(`${v.file}: the merge job runs after failed stack jobs, not for a cancelled run, and merges against the plan`, () => {
      const merge = load(v.file).jobs[v.mergeJob]!;
      assert.deepEqual(merge.needs, ["plan", v.stackJob]);
      // !cancelled(), not always(): a run superseded by a newer push must not overwrite the newer comment.
      assert.equal(merge.if, "${{ !cancelled() && needs.plan.result == 'success' }}");
      assert.match(runs(merge), /printf '%s\\n' "\$PLAN" > plan\.json/);
      assert.match(runs(merge), new RegExp(`npx gitops comment --reports reports --plan plan\\.json --report-file ${v.artifact}\\.json`));
      assert.equal(merge.steps.find((s) => s.run?.includes("gitops comment"))!.env!.PLAN, "${{ needs.plan.outputs.plan }}");
    });
  }

  it("drift-matrix.yml: drift (exit 2) fails neither the stack jobs nor the report job; errors do", () => {
    const { jobs } = load("drift-matrix.yml");
    for (const job of [jobs.drift!, jobs.report!]) assert.match(runs(job), /code=\$\?\n[^\n]*\n\[ "\$code" -ne 1 \]/);
  });

  it("preview-matrix.yml: with no affected stack the matrix is skipped (GitHub rejects an empty one)", () => {
    assert.equal(load("preview-matrix.yml").jobs.preview!.if, "fromJSON(needs.plan.outputs.plan).stacks[0] != null");
  });
});
