import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { PREVIEW_MARKER } from "../../automation";
import { GitHubApiError, createGitHubClient, readBranchHeadFromGitHub, upsertMarkedComments } from "../../automation/github";
import { type FakeGitHub, startFakeGitHub } from "./helpers/github-server";

const repo = { owner: "acme", repo: "infra" };
const part = (n: number, text: string) => (n === 1 ? `${PREVIEW_MARKER}\n${text}` : `<!-- gitops-platform:preview part ${n} -->\n${text}`);
const fastRetry = { attempts: 3, baseDelayMs: 1, sleep: async () => {} };

describe("upsertMarkedComments against a local GitHub", () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub({ pageSize: 2 });
  });
  after(() => github.close());
  beforeEach(() => github.reset());
  const client = (extra: Partial<Parameters<typeof createGitHubClient>[0]> = {}) =>
    createGitHubClient({ token: "t", baseUrl: github.url, retry: fastRetry, ...extra });

  it("creates the comment once, then edits it in place on the next run", async () => {
    github.comments.set(1, { id: 1, issue: 7, body: "someone else's comment" });
    const first = await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 7, parts: [part(1, "v1")] });
    assert.deepEqual([first.created, first.updated], [1, 0]);
    const second = await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 7, parts: [part(1, "v2")] });
    assert.deepEqual([second.created, second.updated], [0, 1]);
    const ours = [...github.comments.values()].filter((c) => c.body.startsWith(PREVIEW_MARKER));
    assert.equal(ours.length, 1, "never a second comment");
    assert.equal(ours[0]!.body, part(1, "v2"));
    assert.equal(second.url, first.url);
    assert.equal(github.comments.get(1)!.body, "someone else's comment", "other comments are untouched");
  });

  it("does not edit an unchanged comment", async () => {
    await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 7, parts: [part(1, "same")] });
    github.requests.length = 0;
    const result = await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 7, parts: [part(1, "same")] });
    assert.equal(result.unchanged, 1);
    assert.ok(!github.requests.some((r) => r.startsWith("PATCH")));
  });

  it("adds part comments, edits them, and deletes those no longer needed (across paginated listings)", async () => {
    for (let i = 0; i < 3; i++) github.comments.set(i + 1, { id: i + 1, issue: 7, body: `chatter ${i}` });
    await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 7, parts: [part(1, "a"), part(2, "b"), part(3, "c")] });
    assert.equal([...github.comments.values()].filter((c) => c.body.includes("gitops-platform:preview")).length, 3);
    const shrink = await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 7, parts: [part(1, "a2"), part(2, "b2")] });
    assert.deepEqual([shrink.updated, shrink.deleted, shrink.created], [2, 1, 0]);
    const bodies = [...github.comments.values()].map((c) => c.body);
    assert.ok(bodies.includes(part(2, "b2")) && !bodies.some((b) => b.includes("part 3")));
  });

  it("retries a 5xx and succeeds", async () => {
    github.fail({ method: "POST", path: /comments$/, status: 502, times: 2 });
    const result = await upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 8, parts: [part(1, "x")] });
    assert.equal(result.created, 1);
    assert.equal(github.requests.filter((r) => r.startsWith("POST")).length, 3);
  });

  it("waits out a 403 rate limit (x-ratelimit-remaining: 0) until the reset time", async () => {
    const waits: number[] = [];
    const reset = Math.ceil(Date.now() / 1000) + 5;
    github.fail({ method: "GET", path: /comments$/, status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }, body: { message: "API rate limit exceeded" } });
    await upsertMarkedComments({
      octokit: client({ retry: { attempts: 3, sleep: async (ms) => void waits.push(ms) } }),
      ...repo,
      issueNumber: 9,
      parts: [part(1, "x")],
    });
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! > 3_000 && waits[0]! <= 7_000, `waited ${waits[0]} ms`);
  });

  it("honours Retry-After on 429", async () => {
    const waits: number[] = [];
    github.fail({ method: "GET", path: /comments$/, status: 429, headers: { "retry-after": "2" } });
    await upsertMarkedComments({ octokit: client({ retry: { sleep: async (ms) => void waits.push(ms) } }), ...repo, issueNumber: 9, parts: [part(1, "x")] });
    assert.deepEqual(waits, [2_000]);
  });

  it("does not retry a 403 that is not a rate limit, and says what failed", async () => {
    github.fail({ method: "GET", path: /comments$/, status: 403, body: { message: "Resource not accessible by integration" } });
    await assert.rejects(
      upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 9, parts: [part(1, "x")] }),
      (error: unknown) =>
        error instanceof GitHubApiError &&
        error.status === 403 &&
        error.attempts === 1 &&
        /GET \/repos\/acme\/infra\/issues\/9\/comments failed: HTTP 403: Resource not accessible by integration/.test(error.message),
    );
  });

  it("reports a 404 on edit with method, path and status", async () => {
    github.comments.set(50, { id: 50, issue: 9, body: part(1, "old") });
    github.fail({ method: "PATCH", status: 404, body: { message: "Not Found" } });
    await assert.rejects(upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 9, parts: [part(1, "new")] }), /PATCH \/repos\/acme\/infra\/issues\/comments\/50 failed: HTTP 404: Not Found/);
  });

  it("gives up after the configured attempts and says how many", async () => {
    github.fail({ method: "GET", path: /comments$/, status: 500, times: 10 });
    await assert.rejects(upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 9, parts: [part(1, "x")] }), /HTTP 500.*after 3 attempts/);
  });

  it("abandons a slow response after the timeout and retries it", async () => {
    github.fail({ method: "GET", path: /comments$/, delayMs: 2_000 });
    const started = Date.now();
    const result = await upsertMarkedComments({ octokit: client({ requestTimeoutMs: 150 }), ...repo, issueNumber: 10, parts: [part(1, "x")] });
    assert.equal(result.created, 1);
    assert.ok(Date.now() - started < 1_500);
    assert.equal(github.requests.filter((r) => r.startsWith("GET") && r.endsWith("/comments")).length, 2);
  });

  it("never retries a POST that timed out (it may have been applied)", async () => {
    github.fail({ method: "POST", delayMs: 2_000 });
    await assert.rejects(upsertMarkedComments({ octokit: client({ requestTimeoutMs: 150 }), ...repo, issueNumber: 11, parts: [part(1, "x")] }), GitHubApiError);
    assert.equal(github.requests.filter((r) => r.startsWith("POST")).length, 1);
  });

  it("refuses parts without the marker", async () => {
    await assert.rejects(upsertMarkedComments({ octokit: client(), ...repo, issueNumber: 9, parts: ["no marker"] }), /must start with the marker/);
  });

  it("reads a branch head for deploy's moved-branch check", async () => {
    github.branches.set("main", "abc123");
    assert.equal(await readBranchHeadFromGitHub(client(), { ...repo, branch: "main" })(), "abc123");
  });
});
