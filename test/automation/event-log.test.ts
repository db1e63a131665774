import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { EventLogTail } from "../../automation/engine/event-log";
import type { EngineEvent } from "../../automation";

describe("EventLogTail", () => {
  const dir = mkdtempSync(join(tmpdir(), "gitops-event-log-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const follow = () => {
    const file = join(dir, `events-${n++}.jsonl`);
    const events: EngineEvent[] = [];
    return { file, events, tail: new EventLogTail(file, (e) => events.push(e)) };
  };
  const line = (sequence: number, message = "m") => `${JSON.stringify({ sequence, timestamp: 1, diagnosticEvent: { message, color: "never", severity: "info" } })}\n`;

  it("hands out complete lines only, and the last line without its newline at the end", async () => {
    const { file, events, tail } = follow();
    tail.start();
    const whole = line(1) + line(2);
    writeFileSync(file, whole + line(3).slice(0, 10));
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(events.map((e) => e.sequence), [1, 2], "the torn third line waits");
    appendFileSync(file, line(3).slice(10).trimEnd());
    tail.finish();
    assert.deepEqual(events.map((e) => e.sequence), [1, 2, 3]);
  });

  it("keeps a character whose bytes arrive in two reads whole", () => {
    const { file, events, tail } = follow();
    const bytes = new TextEncoder().encode(line(1, "ünïcødé ✓ 秘密"));
    const check = new TextEncoder().encode("✓");
    const cut = bytes.findIndex((b, i) => b === check[0] && bytes[i + 1] === check[1]) + 1;
    writeFileSync(file, bytes.subarray(0, cut));
    (tail as unknown as { drain(): void }).drain();
    appendFileSync(file, bytes.subarray(cut));
    tail.finish();
    assert.equal(events[0]?.diagnosticEvent?.message, "ünïcødé ✓ 秘密");
  });

  it("refuses a stream with a line that is not an event", () => {
    const { file, tail } = follow();
    writeFileSync(file, line(1) + "{not json\n" + line(3));
    assert.throws(() => tail.finish(), /event log has a line that is not JSON/);
  });

  it("reads nothing and fails nothing when the engine never wrote the file", () => {
    const { events, tail } = follow();
    tail.finish();
    assert.equal(events.length, 0);
  });
});
