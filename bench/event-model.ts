/**
 * Folds the event stream of a 10,000-resource preview into the run model
 * (learning secrets from every event), and masks every event for `onEvent`
 * listeners. Target: each under 500 ms for the whole stream, about 5 % of the
 * engine's own time for such a preview.
 *
 *   npm run bench:events
 *
 * The stream is the real engine's: the events of test/fixtures/engine-events/real-preview-changes.jsonl
 * repeated under fresh URNs until it describes 10,000 resources.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type EngineEvent, Redactor, parseEventLog, redactEvent } from "../automation";
import { collectChanges } from "../automation/changes";
import { median } from "./timing";
import { verdict } from "./target";

const RESOURCES = 10_000;
const RUNS = 5;
const TARGET_MS = 500;

function stream(): EngineEvent[] {
  const recorded = parseEventLog(readFileSync(join(__dirname, "..", "test", "fixtures", "engine-events", "real-preview-changes.jsonl"), "utf8"));
  const steps = recorded.filter((e) => e.resourcePreEvent || e.resOutputsEvent || e.diagnosticEvent);
  const perCopy = recorded.filter((e) => e.resourcePreEvent && e.resourcePreEvent.metadata.op !== "same").length;
  const events: EngineEvent[] = [];
  for (let copy = 0; events.length === 0 || copy * perCopy < RESOURCES; copy++) {
    for (const event of steps) events.push(JSON.parse(JSON.stringify(event).replace(/::(\w[\w-]*)"/g, `::$1-${copy}"`)) as EngineEvent);
  }
  events.push(recorded.find((e) => e.summaryEvent)!);
  return events;
}

function measure(label: string, run: () => void): void {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  const ms = median(times);
  verdict("event-model", label, ms, "ms", TARGET_MS);
}

const events = stream();
const redactor = new Redactor();
redactor.addSensitive("a-registered-secret-value");
console.log(`event-model: ${events.length} engine events, about ${RESOURCES} changed resources (node ${process.version})`);
measure("fold into the run model (learning secrets)", () => {
  const collector = collectChanges(redactor);
  for (const event of events) collector.add(event);
  collector.finish();
});
measure("mask every event for onEvent (debug kept)", () => {
  for (const event of events) redactEvent(event, redactor, { debug: true });
});
console.log(`peak resident memory of the whole process (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
