import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { Redactor, detectDrift, type DriftReport } from "../../automation";
import { createGitHubClient, driftWebhookMessage, postWebhook, syncDriftIssues } from "../../automation/github";
import { fakeSelector, fixture } from "./helpers/fake-stack";
import { type FakeGitHub, startFakeGitHub } from "./helpers/github-server";

const repo = { owner: "acme", repo: "infra" };
const drifted = { previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") } };
const clean = { previewRefresh: { events: fixture("real-refresh-clean.jsonl") } };

async function driftReport(stacks: Record<string, typeof drifted>): Promise<DriftReport> {
  return detectDrift({ selectStack: fakeSelector(stacks), stacks: Object.keys(stacks) });
}

describe("syncDriftIssues against a local GitHub", () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub();
  });
  after(() => github.close());
  beforeEach(() => github.reset());
  const octokit = () => createGitHubClient({ token: "t", baseUrl: github.url, retry: { attempts: 2, sleep: async () => {} } });

  it("opens one labelled issue per drifted stack and none for clean stacks", async () => {
    const results = await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted, production: clean }) });
    assert.deepEqual(results.map((r) => [r.stack, r.action]), [["staging", "opened"], ["production", "none"]]);
    const [issue] = [...github.issues.values()];
    assert.equal(github.issues.size, 1);
    assert.equal(issue!.title, "Drift detected in stack staging");
    assert.deepEqual(issue!.labels, ["drift"]);
    assert.ok(issue!.body.startsWith("<!-- gitops-platform:drift stack=staging -->"));
  });

  it("updates the same issue while drift lasts, and leaves it alone when nothing changed", async () => {
    await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted }) });
    const again = await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted }), render: { checkedAt: "2025-11-27T06:00:00Z" } });
    assert.equal(again[0]!.action, "updated");
    const same = await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted }), render: { checkedAt: "2025-11-27T06:00:00Z" } });
    assert.equal(same[0]!.action, "unchanged");
    assert.equal(github.issues.size, 1);
  });

  it("closes the issue with a comment when drift clears", async () => {
    await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted }) });
    const results = await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: clean }) });
    assert.equal(results[0]!.action, "closed");
    const issue = [...github.issues.values()][0]!;
    assert.equal(issue.state, "closed");
    assert.equal(issue.state_reason, "completed");
    assert.match([...github.comments.values()][0]!.body, /Drift in `staging` has cleared/);
  });

  it("leaves an issue open when the check failed", async () => {
    await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted }) });
    const failed = await detectDrift({ selectStack: fakeSelector({ staging: { previewRefresh: { error: new Error("error: boom") } } }), stacks: ["staging"] });
    const results = await syncDriftIssues({ octokit: octokit(), ...repo, report: failed });
    assert.equal(results[0]!.action, "none");
    assert.equal([...github.issues.values()][0]!.state, "open");
  });

  it("ignores pull requests and other issues with the label", async () => {
    github.issues.set(90, { number: 90, title: "PR", body: "<!-- gitops-platform:drift stack=staging -->", state: "open", labels: ["drift"], pull_request: {} });
    github.issues.set(91, { number: 91, title: "other", body: "unrelated", state: "open", labels: ["drift"] });
    const results = await syncDriftIssues({ octokit: octokit(), ...repo, report: await driftReport({ staging: drifted }) });
    assert.equal(results[0]!.action, "opened");
    assert.equal(github.issues.get(90)!.body, "<!-- gitops-platform:drift stack=staging -->");
  });
});

describe("postWebhook", () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub();
  });
  after(() => github.close());
  beforeEach(() => github.reset());

  it("posts Slack-compatible JSON, masked", async () => {
    const redactor = new Redactor();
    redactor.addSensitive("token-abc-123");
    await postWebhook({ url: `${github.url}/hooks/slack`, message: { text: "hello token-abc-123" }, redactor });
    assert.deepEqual(github.webhooks, [{ text: "hello [secret]" }]);
  });

  it("retries a 503 and reports a 4xx without the URL's secret path", async () => {
    github.fail({ path: /^\/hooks\//, status: 503 });
    await postWebhook({ url: `${github.url}/hooks/ok`, message: { text: "x" }, redactor: new Redactor(), retry: { sleep: async () => {} } });
    assert.equal(github.webhooks.length, 1);
    github.fail({ path: /^\/hooks\//, status: 404 });
    await assert.rejects(
      postWebhook({ url: `${github.url}/hooks/T000/B000/SECRETPATH`, message: { text: "x" }, redactor: new Redactor() }),
      (error: unknown) => error instanceof Error && /HTTP 404/.test(error.message) && !error.message.includes("SECRETPATH"),
    );
  });

  it("summarises a drift report for chat", async () => {
    const message = driftWebhookMessage(await driftReport({ staging: drifted, production: clean }), { runUrl: "https://example.test/run" });
    assert.equal(message.text, "Drift detected in the platform's stacks\n• staging: 3 resource(s) drifted\n• production: clean\nhttps://example.test/run");
    assert.equal(message.blocks!.length, 1);
  });
});
