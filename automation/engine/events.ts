/**
 * The engine's event stream, typed with the Automation API's own declarations
 * (type-only imports: loading `@pulumi/pulumi/automation` takes about a second,
 * so only the real stack seam imports it at run time).
 */
import type { EngineEvent, OpType, StepEventMetadata } from "@pulumi/pulumi/automation";

import type { OutputChange } from "../types";

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
 * Parses an event log: one JSON EngineEvent per line as `pulumi preview --json
 * --event-log <file>` writes it, or the same events pretty-printed, one after
 * another, or as one JSON array. Throws on anything that is not an engine
 * event, naming the line it starts on, so a corrupt log never turns into an
 * empty preview.
 */
export function parseEventLog(text: string): EngineEvent[] {
  const values = text.trimStart().startsWith("[") ? arrayValues(text) : concatenatedValues(text);
  return values.map(({ value, line }) => {
    const problem = engineEventProblem(value);
    if (problem) throw new Error(`event log line ${line}: ${problem}`);
    return value as EngineEvent;
  });
}

interface LocatedValue {
  readonly value: unknown;
  readonly line: number;
}

function arrayValues(text: string): LocatedValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`event log (a JSON array): not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new Error("event log: expected a JSON array of engine events");
  return parsed.map((value, index) => ({ value, line: index + 1 }));
}

/**
 * JSON values written one after another, on one line each or spread over many:
 * each top-level value is found by tracking nesting outside strings, then parsed.
 */
function concatenatedValues(text: string): LocatedValue[] {
  const values: LocatedValue[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let start = -1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
    if (depth === 0 && start < 0) {
      start = i;
      startLine = line;
      if (c !== "{") throw new Error(`event log line ${line}: expected a JSON object`);
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        values.push({ value: parseValue(text.slice(start, i + 1), startLine), line: startLine });
        start = -1;
      }
    }
  }
  if (start >= 0) throw new Error(`event log line ${startLine}: not JSON (the value is never closed)`);
  return values;
}

function parseValue(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`event log line ${line}: not JSON (${(error as Error).message})`);
  }
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

/** Default providers are created by the engine, not the program; its summary leaves them out. */
export function isDefaultProvider(metadata: Pick<StepEventMetadata, "type" | "urn">): boolean {
  return metadata.type.startsWith("pulumi:providers:") && resourceNameOf(metadata.urn).startsWith("default");
}

/** What the engine puts where a preview cannot know a value yet. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The stack outputs that change between the stack resource's old and new
 * state (its outputs event), sorted by name. Secret outputs compare as their
 * blinded envelopes, so a changed secret value is not reported as a change.
 */
export function outputChangesOf(metadata: StepEventMetadata): OutputChange[] {
  const before = (metadata.old?.outputs ?? {}) as Record<string, unknown>;
  const after = (metadata.new?.outputs ?? {}) as Record<string, unknown>;
  const changes: OutputChange[] = [];
  for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const [was, is] = [JSON.stringify(before[name]), JSON.stringify(after[name])];
    if (!(name in after)) changes.push({ name, kind: "delete" });
    else if (!(name in before)) changes.push({ name, kind: is.includes(UNKNOWN_VALUE) ? "unknown" : "add" });
    else if (was !== is) changes.push({ name, kind: is.includes(UNKNOWN_VALUE) ? "unknown" : "update" });
  }
  return changes;
}
