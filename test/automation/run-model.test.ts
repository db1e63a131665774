/**
 * The one model of a run: table, headline, sections and JSON all come from
 * it, so they agree on imports, failed and interrupted steps, outputs, the
 * engine's result and maybeCorrupt.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EngineEvent, type PreviewReport, preview, renderJsonReport, renderPreview } from "../../automation";
import { fakeSelector } from "./helpers/fake-stack";
import { stream } from "./helpers/engine-stream";

const PET = "random:index/randomPet:RandomPet";
const STACK = "pulumi:pulumi:Stack";

async function run(events: EngineEvent[], error?: Error): Promise<PreviewReport> {
  return preview({ selectStack: fakeSelector({ staging: { preview: { events, ...(error ? { error } : {}) } } }), stacks: ["staging"] });
}

/** The numbers of a stack's table row, and the headline of its section. */
function tableAndHeadline(markdown: string): { header: string[]; row: string[]; headline: string } {
  const rows = markdown.split("\n").filter((line) => line.startsWith("| "));
  const cells = (line: string) => line.slice(2, -2).split(" | ").slice(1);
  const headline = markdown.match(/<details><summary><b>staging<\/b>: (.*)<\/summary>/)![1]!;
  return { header: cells(rows[0]!), row: cells(rows.find((r) => r.startsWith("| `staging`"))!), headline };
}

describe("the run model", () => {
  it("counts imports (and every other operation) exactly as the engine's summary does", async () => {
    const events = stream()
      .step("create", PET, "new")
      .step("import", PET, "adopted-a")
      .step("import", PET, "adopted-b")
      .step("read", "aws:s3/bucket:Bucket", "looked-up")
      .step("discard", PET, "forgotten")
      .summary({ create: 1, import: 2, read: 1, discard: 1, same: 1 }, { result: "succeeded" })
      .build();
    const report = await run(events);
    const markdown = renderPreview(report);
    const { header, row, headline } = tableAndHeadline(markdown);
    assert.deepEqual(header, ["Create", "Update", "Replace", "Delete", "Import", "Same", "Other", "Status"]);
    assert.deepEqual(row, ["1", "0", "0", "0", "2", "1", "1 read, 1 discard", "🟡 changes"]);
    assert.equal(headline, "1 to create, 2 to import, 1 to read, 1 to discard");
    const total = row.slice(0, -1).flatMap((cell) => [...cell.matchAll(/\d+/g)].map(Number)).reduce((a, b) => a + b, 0);
    assert.equal(total, 6, "the table shows every resource the engine counted");
    assert.match(markdown, /<code>= import<\/code> <b>adopted-a<\/b>[\s\S]*?Imported from the provider\./);
  });

  it("never says 'no changes' over a step that started and never finished (an interrupted update)", async () => {
    const events = stream().step("same", STACK, "s").pre("update", PET, "half-done", { diffs: ["length"] }).build();
    const report = await run(events, new Error("error: update canceled"));
    const stack = report.stacks[0]!;
    assert.equal(stack.resources[0]!.state, "interrupted");
    assert.equal(report.hasChanges, true);
    const markdown = renderPreview(report);
    const { headline, row } = tableAndHeadline(markdown);
    assert.equal(headline, "failed (1 interrupted before failing)");
    assert.match(row.at(-1)!, /❌ failed \(\w+; 1 interrupted\)/);
    assert.match(markdown, /<b>half-done<\/b> <code>random:index\/randomPet:RandomPet<\/code> ⏸️ interrupted \(never finished\)/);
    assert.doesNotMatch(markdown, /no changes/i);
  });

  it("reports a failed replacement as failed, with the engine's result, not as a replace that happened", async () => {
    const events = stream()
      .step("same", STACK, "s")
      .pre("create-replacement", PET, "pet", { diffs: ["prefix"], logical: false })
      .failed("create-replacement", PET, "pet")
      .diagnostic("error", "creating pet: quota exceeded")
      .summary({ same: 1 }, { result: "failed" })
      .build();
    const report = await run(events, new Error("error: update failed"));
    const stack = report.stacks[0]!;
    assert.equal(stack.result, "failed");
    assert.deepEqual(stack.resources.map((r) => [r.name, r.op, r.state]), [["pet", "replace", "failed"]]);
    const { headline, row } = tableAndHeadline(renderPreview(report));
    assert.equal(headline, "failed (1 failed before failing)");
    assert.deepEqual(row.slice(0, 6), ["0", "0", "0", "0", "0", "1"], "the engine counted no replace");
  });

  it("reports output-only changes, and a stack-resource update points at them", async () => {
    const events = stream()
      .step("update", STACK, "s", { oldOutputs: { kept: 1, renamed: "a", dropped: true }, outputs: { kept: 1, renamed: "b", added: 2 } })
      .summary({ same: 1 }, { result: "succeeded" })
      .build();
    const report = await run(events);
    const stack = report.stacks[0]!;
    assert.deepEqual(stack.outputChanges, [
      { name: "added", kind: "add" },
      { name: "dropped", kind: "delete" },
      { name: "renamed", kind: "update" },
    ]);
    assert.equal(report.hasChanges, true);
    const markdown = renderPreview(report);
    const { headline, row } = tableAndHeadline(markdown);
    assert.equal(headline, "3 outputs to change");
    assert.equal(row.at(-1), "🟡 outputs change");
    assert.match(markdown, /\*\*Outputs\*\*\n\n- `added` \(added\)\n- `dropped` \(removed\)\n- `renamed` \(changed\)/);
    assert.doesNotMatch(markdown, /The provider reported no property names/);
    assert.doesNotMatch(markdown, /No changes/);
  });

  it("leaves default providers out, as the engine's summary does", async () => {
    const events = stream().step("update", "pulumi:providers:random", "default_4_21_2").step("update", PET, "pet").summary({ update: 1 }).build();
    const report = await run(events);
    assert.deepEqual(report.stacks[0]!.resources.map((r) => r.name), ["pet"]);
    assert.equal(tableAndHeadline(renderPreview(report)).headline, "1 to update");
  });

  it("counts finished logical steps like the engine when the summary never came", async () => {
    const events = stream()
      .step("create-replacement", PET, "pet", { logical: false })
      .step("replace", PET, "pet")
      .step("delete-replaced", PET, "pet", { logical: false })
      .step("create", PET, "extra")
      .build();
    const report = await run(events, new Error("error: the engine died"));
    assert.deepEqual(report.stacks[0]!.counts, { replace: 1, create: 1 });
    assert.equal(tableAndHeadline(renderPreview(report)).headline, "failed (1 to create, 1 to replace before failing)");
  });

  it("warns when the engine reports the state may be corrupt, in the table, the section and the JSON", async () => {
    const events = stream().step("update", PET, "pet").summary({ update: 1 }, { result: "succeeded", maybeCorrupt: true }).build();
    const report = await run(events);
    const markdown = renderPreview(report);
    assert.equal(tableAndHeadline(markdown).row.at(-1), "⚠️ state may be corrupt");
    assert.match(markdown, /The engine reports that the stack's state may be corrupt/);
    assert.equal(JSON.parse(renderJsonReport(report)).stacks[0].maybeCorrupt, true);
  });

  it("renders a JSON report written before the model had state, outputs and result (schemaVersion 1) the same way", async () => {
    const events = stream().step("update", PET, "pet").summary({ update: 1, same: 1 }, { result: "succeeded" }).build();
    const report = await run(events);
    const old = JSON.parse(renderJsonReport(report)) as PreviewReport & { schemaVersion: number };
    assert.equal(old.schemaVersion, 1);
    for (const stack of old.stacks as unknown as Record<string, unknown>[]) {
      delete stack.outputChanges;
      delete stack.result;
      delete stack.maybeCorrupt;
      for (const resource of stack.resources as Record<string, unknown>[]) delete resource.state;
    }
    assert.equal(renderPreview(old), renderPreview(report));
  });
});
