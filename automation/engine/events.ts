/**
 * The engine's event stream, typed with the Automation API's own declarations
 * (type-only imports: loading `@pulumi/pulumi/automation` takes about a second,
 * so only the real stack seam imports it at run time).
 */
import type { EngineEvent, OpType, StepEventMetadata } from "@pulumi/pulumi/automation";

export type { EngineEvent, OpType, StepEventMetadata };

/** One engine event tagged with the stack that emitted it (several stacks run at once). */
export interface StackEngineEvent {
  readonly stack: string;
  readonly event: EngineEvent;
}

/**
 * The payload keys of an EngineEvent: exactly one is set per event. Newer engines
 * add kinds (progressEvent, errorEvent, policy summaries); they pass through untouched.
 */
const KNOWN_PAYLOADS = [
  "cancelEvent",
  "stdoutEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "resourcePreEvent",
  "resOutputsEvent",
  "resOpFailedEvent",
  "policyEvent",
  "policyRemediationEvent",
  "policyLoadEvent",
  "policyAnalyzeSummaryEvent",
  "policyRemediateSummaryEvent",
  "policyAnalyzeStackSummaryEvent",
  "startDebuggingEvent",
  "progressEvent",
  "errorEvent",
] as const;

/**
 * Parses an event log as `pulumi preview --json --event-log <file>` writes it:
 * one JSON EngineEvent per line. Throws on a line that is not an engine event,
 * naming the line, so a corrupt log never turns into an empty preview.
 */
export function parseEventLog(text: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new Error(`event log line ${i + 1}: not JSON (${(error as Error).message})`);
    }
    const problem = engineEventProblem(parsed);
    if (problem) throw new Error(`event log line ${i + 1}: ${problem}`);
    events.push(parsed as EngineEvent);
  }
  return events;
}

/** Why a value is not an EngineEvent, or undefined when it is one. */
export function engineEventProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "expected a JSON object";
  const record = value as Record<string, unknown>;
  if (!Number.isInteger(record.sequence)) return "missing integer `sequence`";
  if (!Number.isInteger(record.timestamp)) return "missing integer `timestamp`";
  const payloads = Object.keys(record).filter((key) => key !== "sequence" && key !== "timestamp");
  if (payloads.length !== 1) return `expected exactly one event payload, found ${payloads.length} (${payloads.join(", ")})`;
  if (!(KNOWN_PAYLOADS as readonly string[]).includes(payloads[0]!)) return `unknown event payload \`${payloads[0]}\``;
  return undefined;
}

/** The resource name part of a URN (`urn:pulumi:stack::project::type::name`). */
export function resourceNameOf(urn: string): string {
  const index = urn.lastIndexOf("::");
  return index < 0 ? urn : urn.slice(index + 2);
}
