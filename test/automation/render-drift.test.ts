import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Redactor, detectDrift, renderDriftIssue, renderDriftSummary, renderJsonReport } from "../../automation";
import { fakeSelector, fixture } from "./helpers/fake-stack";
import { assertGolden } from "./helpers/golden";

const options = { checkedAt: "2025-11-27T06:00:00Z", runUrl: "https://github.com/acme/infra/actions/runs/7" };

async function report(redactor = new Redactor()) {
  return detectDrift({
    selectStack: fakeSelector({
      staging: { previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") } },
      production: { previewRefresh: { events: fixture("real-refresh-clean.jsonl") } },
    }),
    redactor,
  });
}

describe("drift rendering (golden files)", () => {
  it("renders the issue body of a drifted stack", async () => {
    const body = renderDriftIssue((await report()).stacks[0]!, options);
    assertGolden("drift-issue-staging.md", body);
    assert.ok(body.startsWith("<!-- gitops-platform:drift stack=staging -->\n"));
    assert.match(body, /\| `data.logLevel` \| `"info"` \| `"trace"` \|/);
    assert.match(body, /\| `spec.replicas` \| `1` \| `3` \|/);
  });

  it("renders the summary of all stacks", async () => {
    const markdown = renderDriftSummary(await report(), options);
    assertGolden("drift-summary.md", markdown);
    assert.ok(markdown.startsWith("<!-- gitops-platform:drift -->\n"));
  });

  it("writes the JSON drift report", async () => {
    assertGolden("drift-report.json", renderJsonReport(await report()));
  });

  it("never shows a value registered as sensitive, in Markdown or JSON", async () => {
    const redactor = new Redactor();
    redactor.addSensitive("trace");
    const drift = await report(redactor);
    for (const text of [renderDriftIssue(drift.stacks[0]!, { redactor }), renderDriftSummary(drift, { redactor }), renderJsonReport(drift, { redactor })]) {
      assert.ok(!text.includes("trace"));
      assert.ok(text.includes("[secret]"));
    }
  });

  it("cuts an enormous issue body to GitHub's limit with a note", async () => {
    const drift = (await report()).stacks[0]!;
    const huge = { ...drift, resources: Array.from({ length: 2_000 }, (_, i) => ({ ...drift.resources[0]!, urn: `${drift.resources[0]!.urn}-${i}` })) };
    const body = renderDriftIssue(huge, options);
    assert.ok(body.length <= 65_536);
    assert.match(body, /more lines not shown; see the `drift-report\.json` artifact/);
  });
});
