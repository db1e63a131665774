import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseEventLog } from "../../automation";
import { FIXTURES } from "./helpers/fake-stack";

/** Keys Go's encoding/json writes for apitype.StepEventMetadata / StepEventStateMetadata, in declaration order. */
const METADATA_KEYS = ["op", "urn", "type", "old", "new", "keys", "diffs", "detailedDiff", "logical", "provider"];
const STATE_KEYS = ["type", "urn", "custom", "delete", "id", "parent", "protect", "taint", "retainOnDelete", "inputs", "outputs", "provider", "initErrors"];
const SUMMARY_KEYS = ["maybeCorrupt", "durationSeconds", "resourceChanges", "PolicyPacks", "isPreview"];
/** Engines since 3.2xx also write the operation's `result` (real-*.jsonl, recorded from 3.274). */
const SUMMARY_KEYS_WITH_RESULT = [...SUMMARY_KEYS, "result"];
const DIFF_KINDS = ["add", "add-replace", "delete", "delete-replace", "update", "update-replace"];

function assertOrderedSubset(actual: string[], schema: string[], where: string): void {
  const positions = actual.map((key) => schema.indexOf(key));
  assert.ok(positions.every((p) => p >= 0), `${where}: unknown keys ${actual.filter((k) => !schema.includes(k)).join(", ")}`);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `${where}: keys out of Go field order`);
}

describe("engine event fixtures follow apitype.EngineEvent exactly", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".jsonl"));

  it("has fixtures to check", () => assert.ok(files.length >= 6));

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(FIXTURES, file), "utf8");
      const events = parseEventLog(text);
      assert.equal(events.length, text.trim().split("\n").length, "one event per line");
      events.forEach((event, i) => {
        assert.equal(event.sequence, i, "sequence numbers are dense and increasing");
        assert.deepEqual(Object.keys(event).slice(0, 2), ["sequence", "timestamp"]);
        if (i > 0) assert.ok(event.timestamp >= events[i - 1]!.timestamp, "timestamps never go back");
        const step = event.resourcePreEvent?.metadata ?? event.resOutputsEvent?.metadata;
        if (step) {
          assertOrderedSubset(Object.keys(step), METADATA_KEYS, `${file}#${i} metadata`);
          assert.ok("old" in step && "new" in step && "detailedDiff" in step, "old, new and detailedDiff are never omitted");
          for (const state of [step.old, step.new]) if (state) assertOrderedSubset(Object.keys(state), STATE_KEYS, `${file}#${i} state`);
          for (const diff of Object.values(step.detailedDiff ?? {})) {
            assert.ok(DIFF_KINDS.includes(diff.diffKind), `diffKind ${diff.diffKind}`);
            assert.equal(typeof diff.inputDiff, "boolean");
          }
        }
        if (event.summaryEvent) assert.ok([SUMMARY_KEYS, SUMMARY_KEYS_WITH_RESULT].some((keys) => Object.keys(event.summaryEvent!).join() === keys.join()), Object.keys(event.summaryEvent).join());
        if (event.diagnosticEvent) assert.ok(["debug", "info", "info#err", "warning", "error"].includes(event.diagnosticEvent.severity), event.diagnosticEvent.severity);
      });
    });
  }

  it("rejects a line that is not an engine event, naming the line", () => {
    assert.throws(() => parseEventLog('{"sequence":0,"timestamp":1,"cancelEvent":{}}\n{"foo":1}\n'), /line 2: missing integer `sequence`/);
    assert.throws(() => parseEventLog('{"sequence":0,"timestamp":1,"cancelEvent":{},"stdoutEvent":{}}'), /exactly one event payload/);
  });
});
