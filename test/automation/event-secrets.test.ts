/**
 * Secrets fail closed end to end: a value the events mark secret is learned
 * before anything is rendered, and reaches no comment part, JSON report,
 * diagnostic or `onEvent` consumer.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EngineEvent, type StackEngineEvent, Redactor, parseEventLog, preview, renderJsonReport, renderPreview, renderPreviewComment } from "../../automation";
import { SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../../automation/redact";
import { fakeSelector } from "./helpers/fake-stack";
import { stream, urnOf } from "./helpers/engine-stream";

const ENVELOPED = "envelope-Secret-7c1d9e";
const DUMPED = "dumped-Secret-52ab0f";
const PET = "random:index/randomPassword:RandomPassword";

/** A stream that marks two values secret: one in a state envelope with plaintext, one in the SDK's debug dump. */
function plantedStream(): EngineEvent[] {
  const events = stream()
    .diagnostic("debug", `RegisterResource RPC finished: resource:pw; resp: ${SECRET_SIGNATURE_KEY},,,${SECRET_SIGNATURE},value,,,${DUMPED},length,,32`)
    .step("update", PET, "pw", { diffs: ["result"], outputs: { result: { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, plaintext: JSON.stringify(ENVELOPED) } } })
    .diagnostic("warning", `provider says: value ${ENVELOPED} is weak`, urnOf(PET, "pw"))
    .diagnostic("error", `provider says: ${DUMPED} rejected`)
    .summary({ update: 1 }, { result: "succeeded" })
    .build();
  // A provider diagnostic that quotes the secret before the event that marks it secret.
  return [events[0]!, { ...events[3]!, diagnosticEvent: { ...events[3]!.diagnosticEvent!, message: `early: ${ENVELOPED}` } }, ...events.slice(1)];
}

function assertClean(where: string, text: string): void {
  for (const secret of [ENVELOPED, DUMPED]) assert.ok(!text.includes(secret), `${secret} appears in ${where}`);
}

describe("secrets marked by the events", () => {
  it("are masked in every comment part, the JSON report, diagnostics and onEvent", async () => {
    const seen: StackEngineEvent[] = [];
    const redactor = new Redactor();
    const report = await preview({
      selectStack: fakeSelector({ staging: { preview: { events: plantedStream() } } }),
      stacks: ["staging"],
      redactor,
      onEvent: (event) => seen.push(event),
    });
    const diagnostics = report.stacks[0]!.diagnostics.map((d) => d.message);
    assert.ok(diagnostics.some((m) => m.includes("is weak")) && diagnostics.some((m) => m.includes("rejected")), diagnostics.join("\n"));
    assertClean("diagnostics", diagnostics.join("\n"));
    assertClean("the comment", renderPreview(report, { redactor }));
    renderPreviewComment(report, { redactor, limit: 2_000 }).forEach((part, i) => assertClean(`comment part ${i + 1}`, part));
    assertClean("the JSON report", renderJsonReport(report, { redactor }));
    // Events are masked with what is known when they are delivered: everything after the marking event.
    const marked = seen.findIndex((e) => e.event.resourcePreEvent);
    assertClean("onEvent", JSON.stringify(seen.slice(marked)));
    assert.ok(!seen.some((e) => (e.event.diagnosticEvent?.severity as string) === "debug"), "debug diagnostics are dropped by default");
    const envelope = seen.find((e) => e.event.resOutputsEvent)!.event.resOutputsEvent!.metadata.new!.outputs.result;
    assert.deepEqual(envelope, { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, ciphertext: "[secret]" }, "envelopes keep their shape, blinded");
  });

  it("passes debug diagnostics to onEvent only when asked, masked", async () => {
    const seen: StackEngineEvent[] = [];
    await preview({
      selectStack: fakeSelector({ staging: { preview: { events: plantedStream() } } }),
      stacks: ["staging"],
      debugEvents: true,
      onEvent: (event) => seen.push(event),
    });
    const debug = seen.filter((e) => (e.event.diagnosticEvent?.severity as string) === "debug");
    assert.equal(debug.length, 1);
    assertClean("a debug diagnostic", JSON.stringify(debug));
  });
});

describe("parseEventLog", () => {
  const events = stream().step("create", PET, "pw").summary({ create: 1 }).build();

  it("reads pretty-printed and array-form logs as the same events", () => {
    assert.deepEqual(parseEventLog(events.map((e) => JSON.stringify(e, null, 2)).join("\n")), events);
    assert.deepEqual(parseEventLog(JSON.stringify(events, null, 2)), events);
    assert.deepEqual(parseEventLog(`${events.map((e) => JSON.stringify(e)).join("\n")}\n`), events);
  });

  it("names the line a bad event starts on", () => {
    const text = `${JSON.stringify(events[0], null, 2)}\n{\n  "foo": 1\n}\n`;
    assert.throws(() => parseEventLog(text), new RegExp(`line ${JSON.stringify(events[0], null, 2).split("\n").length + 1}: missing integer \`sequence\``));
    assert.throws(() => parseEventLog('{"sequence":0,'), /line 1: not JSON/);
    assert.throws(() => parseEventLog('[{"sequence":0}'), /not JSON/);
    assert.throws(() => parseEventLog("[1]"), /line 1: expected a JSON object/);
  });
});
