/**
 * Golden files rendered from event streams the real engine produced
 * (test/fixtures/engine-events/real-*.jsonl, recorded by the integration tests
 * with RECORD_ENGINE_EVENTS=1). The synthetic fixtures say what the renderer
 * should do; these say it does so with what Pulumi actually sends: debug
 * diagnostics, provider resources, `planning` pre-events, the summary's `result`.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type EngineEvent, Redactor, deploy, detectDrift, preview, renderDriftIssue, renderJsonReport, renderPreview, renderPreviewComment } from "../../automation";
import { renderDeploySummary } from "../../automation/render/deploy";
import { UNKNOWN_VALUE } from "../../automation/engine/events";
import { SECRET_SIGNATURE } from "../../automation/redact";
import { CONFIG_SECRETS } from "../integration/support/secrets";
import { FIXTURES, fakeSelector, fixture, withoutSummary } from "./helpers/fake-stack";
import { gfmProblems } from "./helpers/gfm";
import { GOLDEN_DIR, assertGolden } from "./helpers/golden";

const renderOptions = { commit: "0123456789abcdef0123", runUrl: "https://github.com/acme/infra/actions/runs/42" };
/** What the engine puts where a value is not known yet during a preview. */
const UNKNOWN = UNKNOWN_VALUE;

async function changesReport(redactor = new Redactor()) {
  return preview({ selectStack: fakeSelector({ staging: { preview: { events: fixture("real-preview-changes.jsonl") } } }), stacks: ["staging"], redactor });
}

async function driftReport() {
  return detectDrift({ selectStack: fakeSelector({ staging: { previewRefresh: { events: fixture("real-refresh-drift.jsonl") } } }), stacks: ["staging"] });
}

describe("rendering real engine streams (golden files)", () => {
  it("renders the PR comment of a real preview with every kind of change", async () => {
    const report = await changesReport();
    const markdown = renderPreview(report, renderOptions);
    assertGolden("real-preview-comment.md", markdown);
    const ops = Object.fromEntries(report.stacks[0]!.resources.map((r) => [r.name, [r.op, ...r.changedProperties, ...r.replacementProperties.map((p) => `!${p}`)]]));
    assert.deepEqual(ops, {
      "extra-a": ["delete"],
      "extra-b": ["create"],
      motd: ["update", "content"],
      password: ["replace", "length", "!length"],
      pet: ["replace", "prefix", "!prefix"],
      token: ["replace", "keepers", "!keepers"],
    });
    assert.deepEqual(report.stacks[0]!.diagnostics, [], "the engine's debug diagnostics stay out of the comment");
    assert.match(markdown, /\| `staging` \| 1 \| 1 \| 3 \| 1 \| 0 \| 1 \| 🟡 changes \|/);
    assert.deepEqual(report.stacks[0]!.counts, { create: 1, delete: 1, replace: 3, same: 1, update: 1 }, "the engine's own summary");
    assert.deepEqual(report.stacks[0]!.outputChanges.map((o) => `${o.name} ${o.kind}`), ["extraPetNames unknown", "petName unknown", "tokenLength unknown"]);
  });

  it("writes the JSON artifact of a real preview", async () => {
    const json = renderJsonReport(await changesReport(), { metadata: { commit: renderOptions.commit } });
    assertGolden("real-preview-report.json", json);
  });

  it("renders the drift issue of a real refresh", async () => {
    const report = await driftReport();
    const stack = report.stacks[0]!;
    assert.equal(stack.status, "drifted");
    assert.deepEqual(stack.resources.map((r) => [r.name, r.properties]), [["motd", [{ path: "content", expected: "hello", actual: "edited by hand on the server" }]]]);
    const body = renderDriftIssue(stack, { checkedAt: "2025-11-27T06:00:00Z", runUrl: "https://github.com/acme/infra/actions/runs/7" });
    assertGolden("real-drift-issue.md", body);
    assert.match(body, /\| `content` \| `"hello"` \| `"edited by hand on the server"` \|/);
  });
});

/**
 * The streams test/integration/event-streams.test.ts records (an import, an
 * output-only change, a failed step, an update killed mid-step and the run
 * after it) and kubernetes-streams.test.ts's preview. Each renders with the
 * engine's own counts, into parts that all render as GitHub Markdown.
 */
describe("rendering recorded real streams of imports, outputs, failures and interruptions", () => {
  const recorded = readdirSync(FIXTURES).filter((f) => /^real-(preview|up)-/.test(f) && f !== "real-preview-changes.jsonl");

  it("has the recorded streams", () => {
    for (const name of ["preview-import", "up-import", "preview-outputs", "up-failed", "up-interrupted", "up-after-interrupt", "preview-kubernetes"]) {
      assert.ok(recorded.includes(`real-${name}.jsonl`), `real-${name}.jsonl is missing; record it with npm run goldens`);
    }
  });

  for (const file of recorded) {
    it(file, async () => {
      const events = fixture(file);
      const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
      // The engine exits non-zero when the run did not succeed; the Automation API then throws.
      const error = !summary || (summary as { result?: string }).result !== "succeeded" ? new Error("error: update failed") : undefined;
      const script = { events: events as EngineEvent[], ...(error ? { error } : {}) };
      const name = file.replace(/\.jsonl$/, "");
      if (file.startsWith("real-preview-")) {
        const report = await preview({ selectStack: fakeSelector({ staging: { preview: script } }), stacks: ["staging"] });
        if (summary) assert.deepEqual(report.stacks[0]!.counts, summary.resourceChanges, "the engine's counts");
        for (const [i, part] of renderPreviewComment(report, { limit: 3_000 }).entries()) assert.deepEqual(gfmProblems(part), [], `part ${i + 1}`);
        assertGolden(`${name}.md`, renderPreview(report, renderOptions));
        assertGolden(`${name}.json`, renderJsonReport(report));
      } else {
        const report = await deploy({ selectStack: fakeSelector({ staging: { up: script } }), stacks: ["staging"] });
        if (summary) assert.deepEqual(report.stacks[0]!.counts, summary.resourceChanges, "the engine's counts");
        const markdown = renderDeploySummary(report, { commit: renderOptions.commit });
        assert.deepEqual(gfmProblems(markdown), []);
        assertGolden(`${name}.md`, markdown);
        assertGolden(`${name}.json`, renderJsonReport(report));
      }
    });
  }

  it("renders each case the way it happened", async () => {
    const previewOf = async (name: string) => renderPreview(await preview({ selectStack: fakeSelector({ staging: { preview: { events: fixture(name) } } }), stacks: ["staging"] }));
    assert.match(await previewOf("real-preview-import.jsonl"), /\| `staging` \| 0 \| 0 \| 0 \| 0 \| 1 \| 5 \| 🟡 changes \|[\s\S]*: 1 to import<\/summary>/);
    assert.match(await previewOf("real-preview-outputs.jsonl"), /🟡 outputs change[\s\S]*- `note` \(changed\)/);
    const broken = await preview({ selectStack: fakeSelector({ staging: { preview: { events: fixture("real-preview-program-error.jsonl"), error: new Error("error: preview failed") } } }), stacks: ["staging"] });
    assert.deepEqual(broken.stacks[0]!.outputChanges, [], "a program that failed did not remove its outputs");
    const cut = await preview({ selectStack: fakeSelector({ staging: { preview: { events: withoutSummary(fixture("real-preview-program-error.jsonl")) } } }), stacks: ["staging"] });
    assert.deepEqual(cut.stacks[0]!.counts, { same: 1 }, "without a summary, the stack's two outputs events count once, as the engine would");
    const failed = await deploy({ selectStack: fakeSelector({ staging: { up: { events: fixture("real-up-failed.jsonl"), error: new Error("error: update failed") } } }), stacks: ["staging"] });
    assert.deepEqual([failed.stacks[0]!.result, failed.stacks[0]!.maybeCorrupt], ["failed", true]);
    assert.match(renderDeploySummary(failed), /❌ failed \(\w+; 1 failed; state may be corrupt\)/);
    const killed = await deploy({ selectStack: fakeSelector({ staging: { up: { events: fixture("real-up-interrupted.jsonl"), error: new Error("error: signal: killed") } } }), stacks: ["staging"] });
    assert.deepEqual(killed.stacks[0]!.resources.filter((r) => r.state !== "done").map((r) => [r.name, r.state]), [["motd", "interrupted"]]);
    assert.match(renderDeploySummary(killed), /❌ failed \(\w+; 1 interrupted\)/);
  });
});

describe("real fixtures and their goldens hold no secret", () => {
  const files = [
    ...readdirSync(FIXTURES).filter((f) => f.startsWith("real-")).map((f) => join(FIXTURES, f)),
    ...readdirSync(GOLDEN_DIR).filter((f) => f.startsWith("real-")).map((f) => join(GOLDEN_DIR, f)),
  ];

  it("has real fixtures and goldens to check", () => {
    assert.ok(files.filter((f) => f.endsWith(".jsonl")).length >= 2 && files.filter((f) => !f.endsWith(".jsonl")).length >= 3, files.join(", "));
  });

  for (const file of files) {
    it(file.slice(file.lastIndexOf("/test/") + 1), () => {
      const text = readFileSync(file, "utf8");
      for (const [index, secret] of CONFIG_SECRETS.entries()) assert.ok(!text.includes(secret), `secret config value #${index + 1} appears`);
      // Every value in a secret envelope, in events (JSON) or in the SDK's debug dumps of
      // RPC responses (`<signature>,value,,,<value>`), is blinded or not yet known.
      const envelopes = [
        ...text.matchAll(new RegExp(`"${SECRET_SIGNATURE}","(?:ciphertext|plaintext)":("(?:[^"\\\\]|\\\\.)*")`, "g")),
      ].map((m) => JSON.parse(m[1]!) as string);
      const dumps = [...text.matchAll(new RegExp(`${SECRET_SIGNATURE},value,,,([^,\\\\]*)`, "g"))].map((m) => m[1]!);
      // An empty dump is a nested value (the SDK flattens objects) or an empty secret: nothing in the clear.
      for (const value of [...envelopes, ...dumps]) assert.ok(value === "[secret]" || value === UNKNOWN || value === "", `a secret value is in the clear: ${value.length} characters`);
    });
  }
});
