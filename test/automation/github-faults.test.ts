/**
 * The GitHub client against a GitHub that misbehaves in ordinary ways: each
 * fault is injected by the local fake server, which answers with real-shaped
 * payloads. Waits are recorded through the injected `sleep`, never slept.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { PREVIEW_MARKER, Redactor, detectDrift } from "../../automation";
import { GitHubApiError, createGitHubClient, postWebhook, syncDriftIssues, upsertMarkedComments } from "../../automation/github";
import { fakeSelector, fixture } from "./helpers/fake-stack";
import { type FakeGitHub, startFakeGitHub } from "./helpers/github-server";

const repo = { owner: "acme", repo: "infra" };
const part = (n: number, text: string) => (n === 1 ? `${PREVIEW_MARKER}\n${text}` : `<!-- gitops-platform:preview part ${n} -->\n${text}`);
const ours = (github: FakeGitHub) => [...github.comments.values()].filter((c) => c.body.startsWith("<!-- gitops-platform:preview"));
const count = (github: FakeGitHub, request: string) => github.requests.filter((r) => r === request).length;
const LIST = "GET /repos/acme/infra/issues/7/comments";
const HTML_PAGE = "<!DOCTYPE html><html><head><title>Unicorn! · GitHub</title></head><body>No server is currently available.</body></html>";

describe("GitHub faults", () => {
  let github: FakeGitHub;
  let waits: number[];
  before(async () => {
    github = await startFakeGitHub({ pageSize: 2 });
  });
  after(() => github.close());
  beforeEach(() => {
    github.reset();
    waits = [];
  });
  const octokit = (extra: Partial<Parameters<typeof createGitHubClient>[0]> = {}) =>
    createGitHubClient({ token: "t", baseUrl: github.url, retry: { attempts: 3, baseDelayMs: 1, sleep: async (ms) => void waits.push(ms) }, ...extra });
  const upsert = (parts: string[], extra: Partial<Parameters<typeof upsertMarkedComments>[0]> = {}) =>
    upsertMarkedComments({ octokit: octokit(), ...repo, issueNumber: 7, parts, ...extra });
  /** Our comment on the first page of a listing that spans pages. */
  const seed = () => {
    github.comments.set(1, { id: 1, issue: 7, body: part(1, "v1") });
    for (let i = 2; i <= 4; i++) github.comments.set(i, { id: i, issue: 7, body: `chatter ${i}`, author: "octocat" });
  };

  it("never takes a comment listing cut off mid-body for 'no comment yet' (no duplicate)", async () => {
    seed();
    github.fail({ method: "GET", path: /\/issues\/7\/comments$/, cut: true });
    const result = await upsert([part(1, "v2")]);
    assert.deepEqual([result.created, result.updated], [0, 1]);
    assert.equal(ours(github).length, 1, "no second comment");
    assert.equal(count(github, LIST), 3, "the cut page was fetched again");
  });

  it("fails, posting nothing, when every listing is cut off", async () => {
    seed();
    github.fail({ method: "GET", path: /\/issues\/7\/comments$/, cut: true, times: 10 });
    await assert.rejects(upsert([part(1, "v2")]), (error: unknown) => error instanceof GitHubApiError && /cut off/.test(error.message) && error.attempts === 3);
    assert.equal(count(github, "POST /repos/acme/infra/issues/7/comments"), 0);
  });

  it("accepts a complete gzip-compressed listing (its content-length counts compressed bytes)", async () => {
    seed();
    github.fail({ method: "GET", path: /\/issues\/7\/comments$/, gzip: true, times: 2 });
    assert.equal((await upsert([part(1, "v2")])).updated, 1);
    assert.equal(count(github, LIST), 2, "no retry");
  });

  it("retries a connection reset mid-listing", async () => {
    seed();
    github.fail({ method: "GET", path: /\/issues\/7\/comments$/, reset: true });
    assert.equal((await upsert([part(1, "v2")])).updated, 1);
    assert.equal(ours(github).length, 1);
  });

  it("reports an HTML page instead of JSON by its title, not as a TypeError", async () => {
    github.fail({ method: "GET", path: /comments$/, rawBody: HTML_PAGE, times: 10 });
    await assert.rejects(upsert([part(1, "x")]), (error: unknown) => {
      assert.ok(error instanceof GitHubApiError, String(error));
      assert.match(error.message, /GET \/repos\/acme\/infra\/issues\/7\/comments failed: .*text\/html body instead of JSON: "Unicorn! · GitHub"/);
      return true;
    });
    assert.equal(github.comments.size, 0);
  });

  it("reports malformed JSON as such", async () => {
    github.fail({ method: "GET", path: /comments$/, rawBody: '[{"id": 1, "body": "x"', contentType: "application/json; charset=utf-8", times: 10 });
    await assert.rejects(upsert([part(1, "x")]), /malformed JSON/);
  });

  it("rejects a listing whose items lack what we rely on, naming where", async () => {
    github.fail({ method: "GET", path: /comments$/, status: 200, body: [{ id: "1", body: "x" }] });
    await assert.rejects(upsert([part(1, "x")]), /unexpected response at 0\.id/);
  });

  it("waits at least a minute out a 403 secondary rate limit without Retry-After", async () => {
    github.fail({ method: "GET", path: /comments$/, status: 403, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" } });
    assert.equal((await upsert([part(1, "x")])).created, 1);
    assert.deepEqual(waits, [60_000]);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    github.fail({ method: "GET", path: /comments$/, status: 429, headers: { "retry-after": at } });
    await upsert([part(1, "x")]);
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! > 28_000 && waits[0]! <= 30_000, `waited ${waits[0]} ms for ${at}`);
  });

  it("treats a 404 when deleting a stale part as done", async () => {
    github.comments.set(20, { id: 20, issue: 7, body: part(1, "a") });
    github.comments.set(21, { id: 21, issue: 7, body: part(2, "b") });
    github.fail({ method: "DELETE", path: /comments\/21$/, status: 404, body: { message: "Not Found" } });
    const result = await upsert([part(1, "a2")]);
    assert.deepEqual([result.updated, result.deleted], [1, 1]);
  });

  it("skips a marker comment written by another user, says so, and writes its own", async () => {
    github.comments.set(5, { id: 5, issue: 7, body: part(1, "copied by a human"), author: "octocat" });
    const result = await upsert([part(1, "ours")]);
    assert.deepEqual(result.skipped.map((s) => [s.id, s.author]), [[5, "octocat"]]);
    assert.equal(result.created, 1);
    assert.equal(github.comments.get(5)!.body, part(1, "copied by a human"), "never edited");
    assert.equal(count(github, "PATCH /repos/acme/infra/issues/comments/5"), 0);
  });

  it("writes as github-actions[bot] with an installation token (GET /user refused)", async () => {
    const actions = await startFakeGitHub({ installationToken: true });
    try {
      actions.comments.set(5, { id: 5, issue: 7, body: part(1, "old") });
      const client = createGitHubClient({ token: "t", baseUrl: actions.url, retry: { attempts: 1 } });
      const result = await upsertMarkedComments({ octokit: client, ...repo, issueNumber: 7, parts: [part(1, "new")] });
      assert.deepEqual([result.updated, result.skipped.length], [1, 0]);
    } finally {
      await actions.close();
    }
  });

  it("reports a 201 with an empty body as an error, and never re-sends the POST", async () => {
    github.fail({ method: "POST", path: /comments$/, emptyBody: true });
    await assert.rejects(upsert([part(1, "x")]), (error: unknown) => error instanceof GitHubApiError && /empty body.*not retried: the request may have been applied/.test(error.message));
    assert.equal(count(github, "POST /repos/acme/infra/issues/7/comments"), 1);
  });

  it("never opens a second drift issue when the issue listing is cut off", async () => {
    const report = await detectDrift({ selectStack: fakeSelector({ staging: { previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") } } }), stacks: ["staging"] });
    await syncDriftIssues({ octokit: octokit(), ...repo, report });
    github.fail({ method: "GET", path: /\/issues$/, cut: true });
    const again = await syncDriftIssues({ octokit: octokit(), ...repo, report, render: { checkedAt: "later" } });
    assert.equal(again[0]!.action, "updated");
    assert.equal(github.issues.size, 1);
  });

  it("leaves a drift issue written by another user alone and says so", async () => {
    github.issues.set(3, { number: 3, title: "copy", body: "<!-- gitops-platform:drift stack=staging -->\nby hand", state: "open", labels: ["drift"], author: "octocat" });
    const report = await detectDrift({ selectStack: fakeSelector({ staging: { previewRefresh: { events: fixture("real-refresh-clean.jsonl") } } }), stacks: ["staging"] });
    const results = await syncDriftIssues({ octokit: octokit(), ...repo, report });
    assert.deepEqual(results[0], { stack: "staging", action: "none", skipped: [{ number: 3, author: "octocat" }] });
    assert.equal(github.issues.get(3)!.state, "open", "not closed");
  });

  it("delivers a webhook that timed out once, never twice", async () => {
    github.fail({ path: /^\/hooks\//, delayMs: 2_000 });
    await assert.rejects(
      postWebhook({ url: `${github.url}/hooks/chat`, message: { text: "x" }, redactor: new Redactor(), timeoutMs: 100, retry: { sleep: async () => {} } }),
      /no response .*not re-sent: it may have been delivered/,
    );
    assert.equal(count(github, "POST /hooks/chat"), 1);
  });

  it("retries a webhook whose connection was refused (it was never sent)", async () => {
    const closed = await startFakeGitHub();
    const url = `${closed.url}/hooks/chat`;
    await closed.close();
    const attempts: number[] = [];
    await assert.rejects(postWebhook({ url, message: { text: "x" }, redactor: new Redactor(), retry: { attempts: 3, sleep: async (ms) => void attempts.push(ms) } }), /after 3 attempts/);
    assert.equal(attempts.length, 2);
  });
});
