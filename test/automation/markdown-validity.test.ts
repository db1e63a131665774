/**
 * Every comment part renders as valid GitHub Markdown, checked with a real
 * CommonMark/GFM renderer (markdown-it): lists after a reopened <details>,
 * fences and code spans cut across parts, tables.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type PreviewReport, Redactor, preview, renderDriftIssue, renderDriftSummary, renderPreviewComment, splitMarkdown } from "../../automation";
import type { ResourceChange } from "../../automation";
import { fakeSelector, fixture } from "./helpers/fake-stack";
import { gfmProblems, renderGfm } from "./helpers/gfm";

function bigReport(resources: number, diagnostic = ""): PreviewReport {
  const changes: ResourceChange[] = Array.from({ length: resources }, (_, i) => ({
    urn: `urn:pulumi:staging::gitops-platform::aws:s3/bucketV2:BucketV2::bucket-${i}`,
    type: "aws:s3/bucketV2:BucketV2",
    name: `bucket-${i}`,
    op: "update",
    steps: ["update"],
    changedProperties: ["tags.owner", "versioning.enabled"],
    replacementProperties: [],
    failed: false,
    state: "done",
  }));
  return {
    operation: "preview",
    stacks: [
      {
        stack: "staging",
        status: "succeeded",
        counts: { update: resources },
        resources: changes,
        outputChanges: [],
        diagnostics: diagnostic ? [{ severity: "warning", message: diagnostic }] : [],
        policyViolations: [],
      },
    ],
    notAffected: [],
    ok: true,
    hasChanges: true,
  };
}

function assertEveryPartRenders(parts: readonly string[]): void {
  parts.forEach((part, i) => assert.deepEqual(gfmProblems(part), [], `part ${i + 1} of ${parts.length}`));
}

describe("every comment part renders as GitHub Markdown", () => {
  it("renders the property lists of every resource as lists in every part, including after a reopened <details>", () => {
    const parts = renderPreviewComment(bigReport(600), { limit: 20_000, maxParts: 50 });
    assert.ok(parts.length >= 5, `${parts.length} parts`);
    assertEveryPartRenders(parts);
    const items = parts.map((part) => (renderGfm(part).match(/<li><code>tags\.owner<\/code><\/li>/g) ?? []).length).reduce((a, b) => a + b, 0);
    assert.equal(items, 600, "each resource's changed properties render as list items");
    assert.match(renderGfm(parts[0]!), /<table>[\s\S]*<td><code>staging<\/code><\/td>/, "part 1 holds the summary table");
  });

  it("keeps a diagnostic block split across parts fenced in each", () => {
    const diagnostic = Array.from({ length: 300 }, (_, i) => `line ${i}: \`not a code span\` <details> *not emphasis*`).join("\n");
    const parts = splitMarkdown(`intro\n\n<details><summary>diag</summary>\n\n\`\`\`text\n${diagnostic}\n\`\`\`\n\n</details>\n`, { limit: 5_000 });
    assert.ok(parts.length >= 3);
    assertEveryPartRenders(parts);
    for (const part of parts.slice(1)) assert.match(renderGfm(part), /<pre><code class="language-text">line \d+/);
  });

  it("closes the code span of a 70,000-character line it has to cut", () => {
    const huge = `- URN: \`urn:pulumi:staging::p::${"x".repeat(70_000)}\` (cut)`;
    const parts = splitMarkdown(`<details><summary>big</summary>\n\n${huge}\n\n</details>`, { limit: 65_536 });
    assertEveryPartRenders(parts);
    assert.ok(parts.every((part) => part.length <= 65_536));
    const cut = parts.find((part) => part.includes("URN:"))!;
    assert.match(renderGfm(cut), /<li>URN: <code>urn:pulumi:staging::p::x+…<\/code><\/li>/);
  });

  it("renders the fixture comment, its JSON-free parts and the drift bodies cleanly", async () => {
    const report = await preview({
      selectStack: fakeSelector({
        staging: { preview: { events: fixture("real-preview-kubernetes.jsonl") } },
        production: { preview: { events: fixture("real-preview-no-changes.jsonl") } },
      }),
    });
    assertEveryPartRenders(renderPreviewComment(report));
    assertEveryPartRenders(renderPreviewComment(report, { limit: 2_000 }));
    const drift = await import("../../automation").then(({ detectDrift }) =>
      detectDrift({ selectStack: fakeSelector({ staging: { previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") } } }), stacks: ["staging"] }),
    );
    assertEveryPartRenders([renderDriftIssue(drift.stacks[0]!, { redactor: new Redactor() }), renderDriftSummary(drift)]);
  });

  it("detects what it claims to detect", () => {
    assert.match(gfmProblems("<details><summary>x</summary>\n- a\n</details>").join(), /swallowed/);
    assert.match(gfmProblems("a `b").join(), /backtick/);
    assert.match(gfmProblems("```\ncode").join(), /never closed/);
    assert.match(gfmProblems("<details><summary>x</summary>\n\ny").join(), /unbalanced <details>/);
  });
});
