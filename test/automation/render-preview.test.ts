import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  GITHUB_BODY_LIMIT,
  PREVIEW_MARKER,
  type PreviewReport,
  Redactor,
  type ResourceChange,
  preview,
  renderJsonReport,
  renderPreview,
  renderPreviewComment,
} from "../../automation";
import { fakeSelector, fixture, withPrintedSecret, withoutSummary } from "./helpers/fake-stack";
import { assertGolden } from "./helpers/golden";

const SECRET = "hunter2-staging-db-password";
const renderOptions = { commit: "0123456789abcdef0123", runUrl: "https://github.com/acme/infra/actions/runs/42" };

async function fixtureReport(redactor = new Redactor()): Promise<PreviewReport> {
  return preview({
    selectStack: fakeSelector({
      staging: { preview: { events: withPrintedSecret(fixture("real-preview-kubernetes.jsonl"), SECRET) }, secretConfig: [SECRET] },
      production: { preview: { events: fixture("real-preview-no-changes.jsonl") } },
    }),
    redactor,
  });
}

function bigReport(resources: number): PreviewReport {
  const changes: ResourceChange[] = Array.from({ length: resources }, (_, i) => ({
    urn: `urn:pulumi:staging::gitops-platform::aws:s3/bucketV2:BucketV2::bucket-${String(i).padStart(5, "0")}`,
    type: "aws:s3/bucketV2:BucketV2",
    name: `bucket-${String(i).padStart(5, "0")}`,
    op: "update",
    steps: ["update"],
    changedProperties: ["tags.owner", "versioning.enabled"],
    replacementProperties: [],
    failed: false,
    state: "done",
  }));
  return {
    operation: "preview",
    stacks: [{ stack: "staging", status: "succeeded", counts: { update: resources }, resources: changes, outputChanges: [], diagnostics: [], policyViolations: [] }],
    notAffected: ["production"],
    ok: true,
    hasChanges: true,
  };
}

/** GitHub's limit on a comment body, written out: comparing with the constant under test would pass whatever it says. */
const GITHUB_COMMENT_LIMIT = 65_536;

describe("renderPreview (golden files)", () => {
  it("renders summary table, one section per stack and per resource", async () => {
    const redactor = new Redactor();
    const markdown = renderPreview(await fixtureReport(redactor), { ...renderOptions, redactor });
    assertGolden("preview-comment.md", markdown);
    assert.ok(markdown.startsWith(`${PREVIEW_MARKER}\n`));
    assert.ok(markdown.indexOf("| Stack |") < markdown.indexOf("<details>"), "summary table comes first");
  });

  it("says 'No changes' when nothing changes", async () => {
    const report = await preview({ selectStack: fakeSelector({ production: { preview: { events: fixture("real-preview-no-changes.jsonl") } } }), stacks: ["production"] });
    const markdown = renderPreview(report, renderOptions);
    assertGolden("preview-no-changes.md", markdown);
    assert.match(markdown, /\*\*No changes\.\*\*/);
  });

  it("says so when no stack is affected", async () => {
    const report = await preview({ selectStack: fakeSelector({}), changedFiles: ["apps/base/api/deployment.yaml"] });
    assert.match(renderPreview(report), /No stack is affected/);
  });

  it("renders failures with their kind and diagnostics", async () => {
    const report = await preview({
      selectStack: fakeSelector({ staging: { preview: { events: withoutSummary(fixture("real-preview-program-error.jsonl")) } } }),
      stacks: ["staging"],
    });
    const markdown = renderPreview(report, renderOptions);
    assertGolden("preview-failed.md", markdown);
    assert.match(markdown, /❌ failed \(ProgramError\)/);
  });

  it("writes the JSON artifact", async () => {
    const redactor = new Redactor();
    const json = renderJsonReport(await fixtureReport(redactor), { redactor, metadata: { commit: renderOptions.commit } });
    assertGolden("preview-report.json", json);
    assert.equal(JSON.parse(json).operation, "preview");
  });
});

describe("secrets never appear in rendered output", () => {
  it("masks a registered secret wherever the report carries it, escaped or not", () => {
    const secret = 'S3cr3t<&>"|pass';
    const redactor = new Redactor();
    redactor.addSensitive(secret);
    const report = bigReport(3);
    const stack = report.stacks[0]!;
    const leaky: PreviewReport = {
      ...report,
      stacks: [
        {
          ...stack,
          resources: stack.resources.map((r) => ({ ...r, name: `${r.name}-${secret}`, changedProperties: [`tags.${secret}`] })),
          diagnostics: [{ severity: "error", message: `password is ${secret}` }],
          policyViolations: [{ policyPack: "p", policyPackVersion: "1", policy: "x", enforcementLevel: "mandatory", message: secret }],
          status: "failed",
          error: { kind: "ProgramError", message: `boom ${secret}` },
        },
      ],
    };
    const outputs = [renderPreview(leaky, { redactor }), ...renderPreviewComment(leaky, { redactor }), renderJsonReport(leaky, { redactor })];
    const forms = [secret, "S3cr3t&lt;&amp;&gt;&quot;", "S3cr3t<&>", '"|pass', "\\|pass"];
    for (const output of outputs) for (const form of forms) assert.ok(!output.includes(form), `found ${form}`);
    assert.ok(outputs[0]!.includes("[secret]"));
  });

  it("the fixture's secret config value never reaches the comment or the artifact", async () => {
    const redactor = new Redactor();
    const report = await fixtureReport(redactor);
    const parts = renderPreviewComment(report, { redactor, limit: 2_000 });
    for (const text of [renderPreview(report, { redactor }), parts.join("\n"), renderJsonReport(report, { redactor })]) {
      assert.ok(!text.includes(SECRET));
      assert.ok(text.includes("connecting to the database with password [secret]"), "the warning that printed it is there, masked");
    }
    assert.ok(parts.length > 1);
  });
});

describe("renderPreviewComment splitting", () => {
  it("returns one part when the comment fits", async () => {
    const parts = renderPreviewComment(await fixtureReport());
    assert.equal(parts.length, 1);
  });

  it("splits a large preview into marked parts that each fit GitHub's limit", () => {
    assert.equal(GITHUB_BODY_LIMIT, GITHUB_COMMENT_LIMIT, "the default split limit is GitHub's");
    const parts = renderPreviewComment(bigReport(2_000), { maxParts: 100 });
    assert.ok(parts.length > 1);
    parts.forEach((part, i) => {
      assert.ok(part.length <= GITHUB_COMMENT_LIMIT, `part ${i + 1} has ${part.length} characters`);
      const first = part.split("\n", 1)[0];
      assert.equal(first, i === 0 ? PREVIEW_MARKER : `<!-- gitops-platform:preview part ${i + 1} -->`);
      assert.equal(countOf(part, "<details"), countOf(part, "</details>"), `part ${i + 1} balances <details>`);
    });
    assert.match(parts[0]!, /\| Stack \| Create \|/, "the summary table is in part 1");
    assert.match(parts[1]!, /<b>staging<\/b>.*\(continued\)/, "the stack section is reopened in part 2");
    const names = parts.join("\n").match(/<b>bucket-\d+<\/b>/g)!;
    assert.equal(new Set(names).size, 2_000, "every resource appears");
  });

  it("shortens to maxParts with a note pointing to the JSON artifact", () => {
    const parts = renderPreviewComment(bigReport(2_000), { maxParts: 2, runUrl: "https://example.test/run/1" });
    assert.equal(parts.length, 2);
    assert.match(parts[1]!, /too long for GitHub comments; \d+ more lines are not shown\. The full report is in the `preview-report\.json` artifact of \[this run\]/);
    assert.ok(parts.every((p) => p.length <= GITHUB_COMMENT_LIMIT));
  });
});

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
