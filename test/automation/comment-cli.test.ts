/**
 * The CI matrix end to end through the CLI, against the local GitHub stand-in:
 * `--plan` picks the jobs, each job previews (or drift-checks) one stack and
 * writes its report where actions/download-artifact puts it, and
 * `gitops comment` merges them into the one sticky comment or the drift issues.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { createGitHubClient } from "../../automation/github";
import { run } from "../../cli/main";
import { fakeSelector } from "./helpers/fake-stack";
import { type FakeGitHub, startFakeGitHub } from "./helpers/github-server";
import { FLEET, SECRET, fleetStacks, outcomeOf, stacksWith } from "./helpers/matrix-fleet";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let github: FakeGitHub;
let cwd: string;

async function cli(argv: string[], env: Record<string, string> = {}): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "acme/infra", GITHUB_API_URL: github.url, GITHUB_REF: "refs/pull/12/merge", GITHUB_SHA: "0123456789abcdef", ...env },
    cwd,
    services: {
      selectStack: fakeSelector(fleetStacks()),
      github: createGitHubClient,
      fetch,
      lockRetry: { attempts: 1 },
      httpRetry: { attempts: 2, sleep: async () => {} },
    },
  });
  return { code, stdout, stderr };
}

/** The plan job, then one job per planned stack that leaves a report unless `reports` says its job dies first. */
async function runMatrix(
  operation: "preview" | "drift",
  options: { stacks?: readonly string[]; planArgs?: readonly string[]; reports?: (stack: string) => boolean } = {},
): Promise<string[]> {
  const plan = await cli([operation, "--plan", "--stack", ...(options.stacks ?? FLEET), ...(options.planArgs ?? [])]);
  assert.equal(plan.code, 0, plan.stderr);
  writeFileSync(join(cwd, "plan.json"), plan.stdout);
  const planned: string[] = JSON.parse(plan.stdout).matrix.stack;
  for (const stack of planned.filter(options.reports ?? ((s) => outcomeOf(s) !== "missing"))) {
    // actions/download-artifact puts each artifact in a folder of its name.
    const dir = join("reports", `${operation}-report-${stack}`);
    mkdirSync(join(cwd, dir), { recursive: true });
    const job = await cli([operation, "--stack", stack, "--report-file", join(dir, `${operation}-report.json`), "--no-summary-file"]);
    assert.equal(job.code, outcomeOf(stack) === "failed" ? 1 : operation === "drift" && outcomeOf(stack) === "changed" ? 2 : 0, job.stderr);
  }
  return planned;
}

before(async () => {
  github = await startFakeGitHub();
});
after(async () => {
  rmSync(cwd, { recursive: true, force: true });
  await github.close();
});
beforeEach(() => {
  github.reset();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
  cwd = mkdtempSync(join(tmpdir(), "gitops-matrix-"));
  writeFileSync(join(cwd, "changed.txt"), "index.ts\n");
});

describe("gitops preview --plan and gitops comment (50-job preview matrix)", () => {
  it("merges 50 jobs into one sticky comment and the job summary, listing failed and missing stacks, exit 1", async () => {
    const planned = await runMatrix("preview", { planArgs: ["--changed-files", "changed.txt"] });
    assert.deepEqual(planned, FLEET);
    const summary = join(cwd, "summary.md");
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json", "--report-file", "preview-report.json"], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`no report from 5 of 50 stacks: ${stacksWith("missing").join(", ")}`));
    assert.match(r.stderr, new RegExp(`preview failed for ${stacksWith("failed").join(", ")}`));
    assert.match(r.stderr, /PR comment created/);
    const comments = [...github.comments.values()].filter((c) => c.issue === 12);
    assert.ok(comments.length >= 1);
    const first = comments[0]!.body;
    assert.ok(first.startsWith("<!-- gitops-platform:preview -->"));
    for (const stack of FLEET) assert.match(first, new RegExp(`\\| \`${stack}\` \\|`), stack);
    assert.match(first, /\| `stack-43` \| – \| – \| – \| – \| – \| – \| ❌ failed \(MissingReportError\) \|/);
    assert.equal(readFileSync(summary, "utf8").split("\n").filter((l) => l.startsWith("| `stack-")).length, 50);
    const merged = JSON.parse(readFileSync(join(cwd, "preview-report.json"), "utf8"));
    assert.equal(merged.commit, "0123456789abcdef");
    assert.equal(merged.stacks.length, 50);
    const everything = [r.stdout, r.stderr, ...comments.map((c) => c.body), readFileSync(summary, "utf8"), JSON.stringify(merged)].join("\n");
    assert.ok(!everything.includes(SECRET), "no secret in the comment, summary, merged report or logs");
  });

  it("edits the same comment when the re-run jobs report, and exits 0 once every stack succeeded", async () => {
    await runMatrix("preview", { planArgs: ["--changed-files", "changed.txt"], reports: (s) => outcomeOf(s) === "changed" });
    assert.equal((await cli(["comment", "--reports", "reports", "--plan", "plan.json"])).code, 1);
    const ids = [...github.comments.keys()];
    const onlyChanged = await cli(["preview", "--plan", "--stack", ...stacksWith("changed"), "--changed-files", "changed.txt"]);
    writeFileSync(join(cwd, "plan.json"), onlyChanged.stdout);
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /PR comment updated/);
    assert.ok(ids.length > 1, "50 stacks need a continuation comment");
    assert.deepEqual([...github.comments.keys()], [ids[0]], "the same first comment, edited in place; the continuation no longer needed is deleted");
  });

  it("a change that affects no stack plans no job and the merge says so", async () => {
    writeFileSync(join(cwd, "changed.txt"), "docs/x.md\n");
    const planned = await runMatrix("preview", { planArgs: ["--changed-files", "changed.txt"] });
    assert.deepEqual(planned, []);
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reports does not exist: no job uploaded a report/);
    assert.match([...github.comments.values()][0]!.body, /No stack is affected/);
  });

  it("a malformed report stops the merge before anything is posted, naming the file and key", async () => {
    await runMatrix("preview", { planArgs: ["--changed-files", "changed.txt"] });
    writeFileSync(join(cwd, "reports", "preview-report-stack-01", "preview-report.json"), JSON.stringify({ schemaVersion: 1, operation: "preview", stacks: "no" }));
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot merge the reports: reports\/preview-report-stack-01\/preview-report.json: stacks is "no": /);
    assert.deepEqual(github.requests, []);
  });

  it("--no-post prints the merge without touching GitHub; --plan and the options are required", async () => {
    await runMatrix("preview", { planArgs: ["--changed-files", "changed.txt"] });
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json", "--no-post", "--no-summary-file"]);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.startsWith("<!-- gitops-platform:preview -->"));
    assert.deepEqual(github.requests, []);
    const missing = await cli(["comment", "--reports", "reports"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /required option '--plan <file>' not specified/);
    const conflict = await cli(["preview", "--plan", "--comment"]);
    assert.match(conflict.stderr, /option '--plan' cannot be used with option '--comment'/);
  });
});

describe("gitops drift --plan and gitops comment (50-job drift matrix)", () => {
  it("one issue per drifted stack, the summary lists failed and missing stacks, one webhook message, exit 1", async () => {
    const planned = await runMatrix("drift");
    assert.deepEqual(planned, FLEET);
    const summary = join(cwd, "summary.md");
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json", "--webhook-url", `${github.url}/hooks/chat`], { GITHUB_STEP_SUMMARY: summary, GITHUB_REF: "refs/heads/main" });
    assert.equal(r.code, 1, "missing and failed stacks are errors, which win over drift");
    assert.match(r.stderr, new RegExp(`no report from 5 of 50 stacks: ${stacksWith("missing").join(", ")}`));
    assert.match(r.stderr, new RegExp(`drift failed for ${stacksWith("failed").join(", ")}`));
    const issues = [...github.issues.values()];
    assert.deepEqual(issues.map((i) => i.title).sort(), stacksWith("changed").map((s) => `Drift detected in stack ${s}`).sort());
    assert.ok(issues.every((i) => i.labels.includes("drift") && i.state === "open"));
    assert.equal(github.webhooks.length, 1);
    const text = readFileSync(summary, "utf8");
    assert.equal(text.split("\n").filter((l) => l.startsWith("| `stack-")).length, 50);
    assert.match(text, /\| `stack-03` \| 0 \| 0 \| ❌ failed \(MissingReportError\) \|/);
  });

  it("exits 2 when every planned stack reported and some drifted", async () => {
    const reported = FLEET.filter((s) => outcomeOf(s) === "changed" || outcomeOf(s) === "unchanged");
    assert.deepEqual(await runMatrix("drift", { stacks: reported }), reported);
    const r = await cli(["comment", "--reports", "reports", "--plan", "plan.json"]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(github.issues.size, stacksWith("changed").length);
    assert.doesNotMatch(r.stderr, /no report from|failed for/);
  });
});
