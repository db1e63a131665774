/**
 * Keeps the real engine's event streams. With RECORD_ENGINE_EVENTS=1 the tests
 * write them to test/fixtures/engine-events/real-<name>.jsonl as the library's
 * `onEvent` hands them out with `debugEvents: true`: every event the engine
 * sent, in order, one per line, with secret values masked (never anything
 * else normalised), for the golden tests in test/automation that render real
 * streams without an engine.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent, StackEngineEvent } from "../../../automation";
import { REPO_ROOT } from "./toolchain";

export const RECORDING = process.env.RECORD_ENGINE_EVENTS === "1";
const FIXTURES = join(REPO_ROOT, "test", "fixtures", "engine-events");

export class EventRecorder {
  readonly events: EngineEvent[] = [];
  readonly onEvent = (tagged: StackEngineEvent): void => {
    this.events.push(tagged.event);
  };

  /** The stream as the engine's event log writes it: one JSON event per line. */
  text(): string {
    return `${this.events.map((event) => JSON.stringify(event)).join("\n")}\n`;
  }

  /**
   * Checks the stream carries none of `secrets` (the engine blinds secret values
   * in events; a recorded fixture must never contain one), then writes it when
   * recording. Returns the path written, if any.
   */
  save(name: string, secrets: readonly string[]): string | undefined {
    assert.ok(this.events.length > 0, `no engine events were recorded for ${name}`);
    assertNoSecrets({ [`event stream ${name}`]: this.text() }, secrets);
    if (!RECORDING) return undefined;
    const file = join(FIXTURES, `real-${name}.jsonl`);
    writeFileSync(file, this.text());
    return file;
  }
}

/**
 * Fails when any text contains any secret, naming where and which (by its
 * position in `secrets`, never by value: the failure message is output too).
 */
export function assertNoSecrets(texts: Readonly<Record<string, string>>, secrets: readonly string[]): void {
  assert.ok(secrets.every((secret) => secret.length >= 8), "secrets under test must be long enough to be unambiguous");
  for (const [where, text] of Object.entries(texts)) {
    secrets.forEach((secret, index) => {
      assert.ok(!text.includes(secret), `secret #${index + 1} appears in ${where}`);
    });
  }
}

/** What the engine's summary event said, straight from a recorded stream (none when it sent no summary). */
export function summaryCounts(events: readonly EngineEvent[]): Record<string, number> | undefined {
  return events.find((e) => e.summaryEvent)?.summaryEvent?.resourceChanges as Record<string, number> | undefined;
}
