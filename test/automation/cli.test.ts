import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { CliServices } from "../../automation/cli/runtime";
import { createGitHubClient } from "../../automation/github";
import { run } from "../../cli/main";
import { type FakeStackOptions, fakeSelector, fixture, lockedError, withPrintedSecret } from "./helpers/fake-stack";
import { type FakeGitHub, startFakeGitHub } from "./helpers/github-server";

const SECRET = "hunter2-staging-db-password";
const stacks = {
  staging: {
    // The program prints the secret; the engine did not know it was one.
    preview: { events: withPrintedSecret(fixture("real-preview-kubernetes.jsonl"), SECRET) },
    up: { events: fixture("real-up-update.jsonl") },
    previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") },
    secretConfig: [SECRET],
  },
  production: {
    preview: { events: fixture("real-preview-no-changes.jsonl") },
    up: { events: fixture("real-up-update.jsonl") },
    previewRefresh: { events: fixture("real-refresh-clean.jsonl") },
  },
} satisfies Record<string, FakeStackOptions>;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
  git: string[][];
}

async function cli(argv: string[], options: { env?: Record<string, string>; services?: Partial<CliServices>; stacks?: Record<string, FakeStackOptions> } = {}): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, string>();
  const git: string[][] = [];
  const selectStack = fakeSelector(options.stacks ?? stacks);
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? {},
    cwd: "/repo",
    services: {
      selectStack,
      readFile: async (path) => files.get(path) ?? Promise.reject(new Error(`ENOENT: ${path}`)),
      readFileSync: (path) => files.get(path) ?? "",
      writeFile: async (path, text) => void files.set(path, text),
      appendFile: async (path, text) => void files.set(path, (files.get(path) ?? "") + text),
      git: async (args) => {
        git.push([...args]);
        return args[0] === "diff" ? "Pulumi.production.yaml\napps/base/x.yaml\n" : "fff0000000000000000000000000000000000000\trefs/heads/main\n";
      },
      lockRetry: { attempts: 2, sleep: async () => {} },
      httpRetry: { attempts: 2, sleep: async () => {} },
      ...options.services,
    },
  });
  return { code, stdout, stderr, files, git };
}

describe("gitops CLI: arguments and exit codes", () => {
  it("--help lists the commands and exit codes, exit 0", async () => {
    const r = await cli(["--help"]);
    assert.equal(r.code, 0);
    for (const word of ["preview", "deploy", "drift", "lint", "new-app", "lab", "0 clean, 2 drift, 1 error"]) assert.ok(r.stdout.includes(word), word);
  });

  it("an unknown option or a bad number is a usage error, exit 1", async () => {
    const unknown = await cli(["preview", "--nope"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown option '--nope'/);
    const bad = await cli(["preview", "--parallel", "0"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--parallel must be a positive integer, got "0"/);
  });

  it("refuses --changed-files together with --base", async () => {
    const r = await cli(["preview", "--changed-files", "c.txt", "--base", "main"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /either --changed-files or --base/);
  });
});

describe("gitops preview", () => {
  it("prints the Markdown comment and exits 0; progress goes to stderr", async () => {
    const r = await cli(["preview", "--no-summary-file"]);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith("<!-- gitops-platform:preview -->"));
    assert.match(r.stderr, /\[staging\] preview started/);
    assert.match(r.stderr, /^\[staging\] replace kubernetes:apps\/v1:Deployment shop$/m);
  });

  it("--json prints the report; --report-file and $GITHUB_STEP_SUMMARY get the JSON and the Markdown", async () => {
    const r = await cli(["preview", "--json", "--report-file", "out/preview-report.json"], { env: { GITHUB_STEP_SUMMARY: "/tmp/summary.md" } });
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).operation, "preview");
    assert.equal(r.files.get("/repo/out/preview-report.json"), r.stdout);
    assert.ok(r.files.get("/tmp/summary.md")!.startsWith("<!-- gitops-platform:preview -->"));
  });

  it("previews only the stacks the changed files affect (--changed-files, --base)", async () => {
    const fromFile = await cli(["preview", "--json", "--changed-files", "changed.txt"], {
      services: { readFile: async () => "Pulumi.production.yaml\n" },
    });
    assert.deepEqual(JSON.parse(fromFile.stdout).notAffected, ["staging"]);
    const fromGit = await cli(["preview", "--json", "--base", "origin/main"]);
    assert.deepEqual(fromGit.git, [["diff", "--name-only", "origin/main...HEAD"]]);
    assert.deepEqual(JSON.parse(fromGit.stdout).stacks.map((s: { stack: string }) => s.stack), ["production"]);
  });

  it("exits 1 when a stack fails, and still prints the report", async () => {
    const r = await cli(["preview", "--stack", "staging"], { stacks: { staging: { preview: { error: lockedError } } } });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /❌ failed \(StackLockedError\)/);
    assert.match(r.stderr, /stack is locked; retrying/);
    assert.match(r.stderr, /preview failed for staging/);
  });

  it("never prints a secret config value, on stdout or stderr", async () => {
    const r = await cli(["preview", "--stack", "staging"]);
    assert.match(r.stdout, /warning: connecting to the database with password \[secret\]/);
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  });
});

describe("gitops preview --comment (local GitHub)", () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub();
  });
  after(() => github.close());
  beforeEach(() => github.reset());
  const env = () => ({ GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "acme/infra", GITHUB_API_URL: github.url, GITHUB_REF: "refs/pull/12/merge", GITHUB_SHA: "0123456789abcdef" });
  const services = { github: createGitHubClient };

  it("creates the comment, then edits the same one", async () => {
    assert.equal((await cli(["preview", "--comment"], { env: env(), services })).code, 0);
    const second = await cli(["preview", "--comment"], { env: env(), services, stacks: { ...stacks, staging: { ...stacks.staging, preview: { events: fixture("real-preview-no-changes.jsonl") } } } });
    assert.equal(second.code, 0);
    assert.equal(github.comments.size, 1);
    assert.match([...github.comments.values()][0]!.body, /No changes/);
    assert.match(second.stderr, /PR comment updated/);
  });

  it("a failure to post exits 1 but never hides the preview result", async () => {
    github.fail({ method: "GET", path: /comments$/, status: 404, body: { message: "Not Found" } });
    const r = await cli(["preview", "--comment"], { env: env(), services });
    assert.equal(r.code, 1);
    assert.ok(r.stdout.startsWith("<!-- gitops-platform:preview -->"), "the preview is still printed");
    assert.match(r.stderr, /PR comment not posted: GitHub API GET \/repos\/acme\/infra\/issues\/12\/comments failed: HTTP 404/);
  });

  it("names what is missing to post", async () => {
    const r = await cli(["preview", "--comment"], { env: { GITHUB_REPOSITORY: "acme/infra" } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing GITHUB_TOKEN, a pull request number/);
  });
});

describe("gitops deploy", () => {
  it("applies staging then production, exit 0", async () => {
    const r = await cli(["deploy", "--json", "--stack", "production", "staging"]);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).stacks.map((s: { stack: string }) => s.stack), ["staging", "production"]);
  });

  it("refuses when the branch moved since the previewed commit, exit 1", async () => {
    const r = await cli(["deploy", "--expected-commit", "abc1234"]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.git, [["ls-remote", "origin", "refs/heads/main"]]);
    assert.match(r.stderr, /refusing to deploy: main is at fff000000000 but the previewed commit was abc1234/);
  });

  it("exits 1 and lists what did not run when a stack fails", async () => {
    const r = await cli(["deploy"], { stacks: { ...stacks, staging: { up: { error: new Error("error: boom") } } } });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /⏸️ not run/);
    assert.match(r.stderr, /not run: production/);
  });
});

describe("gitops drift", () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub();
  });
  after(() => github.close());
  beforeEach(() => github.reset());

  it("exits 0 when clean, 2 on drift, 1 on error", async () => {
    assert.equal((await cli(["drift", "--stack", "production"])).code, 0);
    assert.equal((await cli(["drift"])).code, 2);
    assert.equal((await cli(["drift"], { stacks: { ...stacks, production: { previewRefresh: { error: new Error("error: boom") } } } })).code, 1, "an error wins over drift");
  });

  it("--ignore adds noise rules; --no-default-ignore drops the built-in ones", async () => {
    const drifted = (r: Result) => JSON.parse(r.stdout).stacks[0].resources.map((resource: { name: string }) => resource.name);
    assert.ok(drifted(await cli(["drift", "--json", "--stack", "staging"])).includes("shop"));
    const extra = await cli(["drift", "--json", "--stack", "staging", "--ignore", "kubernetes:apps/v1:Deployment=spec.replicas"]);
    assert.ok(!drifted(extra).includes("shop"), "the Deployment's only change is ignored");
    const none = await cli(["drift", "--json", "--stack", "staging", "--no-default-ignore"]);
    assert.equal(JSON.parse(none.stdout).stacks[0].ignoredDifferences, 0);
    assert.equal((await cli(["drift", "--ignore", "nonsense"])).code, 1);
  });

  it("--remediate leaves production alone without --confirm-production", async () => {
    const r = await cli(["drift", "--json", "--stack", "production", "--remediate"], { stacks: { production: stacks.staging } });
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stdout).stacks[0].remediation.status, "refused");
  });

  it("--issue opens an issue and a webhook gets a message", async () => {
    const r = await cli(["drift", "--issue", "--webhook-url", `${github.url}/hooks/chat`], {
      env: { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "acme/infra", GITHUB_API_URL: github.url },
      services: { github: createGitHubClient, fetch },
    });
    assert.equal(r.code, 2);
    assert.equal(github.issues.size, 1);
    assert.match(r.stderr, /drift issue for staging opened/);
    assert.equal(github.webhooks.length, 1);
  });

  const posting = () => ({
    env: { GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "acme/infra", GITHUB_API_URL: github.url },
    services: { github: createGitHubClient, fetch },
  });

  it("exits 1, not 2, when the drift issue cannot be written, and still prints the report", async () => {
    github.fail({ method: "POST", path: /\/issues$/, status: 500, times: 10 });
    const r = await cli(["drift", "--issue", "--json"], posting());
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).drifted, true, "the report is still printed");
    assert.match(r.stderr, /drift issues not updated: GitHub API POST \/repos\/acme\/infra\/issues failed: HTTP 500/);
  });

  it("exits 1, not 2, when the webhook cannot be delivered", async () => {
    github.fail({ path: /^\/hooks\//, status: 404, times: 10 });
    const r = await cli(["drift", "--webhook-url", `${github.url}/hooks/chat`], posting());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /webhook not delivered: webhook 127\.0\.0\.1:\d+: HTTP 404/);
  });
});
