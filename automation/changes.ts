/**
 * Folds one operation's engine events into StackChanges: the one model of a
 * run that the table, headline, sections, job summary and JSON report are all
 * rendered from. It follows each step's whole lifecycle (pre-event, then
 * outputs or failure), so a step that started and never finished is reported
 * as interrupted rather than as a change, and counts what finished the way the
 * engine's summary does. Streaming: a 10,000-resource run is never held twice.
 */
import type { EngineEvent, OpType, StepEventMetadata } from "./engine/events";
import { isDefaultProvider, outputChangesOf, resourceNameOf } from "./engine/events";
import { learnEventSecrets } from "./engine/event-secrets";
import type { Redactor } from "./redact";
import type { Diagnostic, OpCounts, OutputChange, PolicyViolation, ResourceChange, ResourceState, StackChanges } from "./types";

export interface ChangeCollector {
  add(event: EngineEvent): void;
  /** True once the engine's summary event arrived; without it the operation did not finish. */
  readonly sawSummary: boolean;
  finish(): StackChanges;
}

interface MutableChange {
  urn: string;
  type: string;
  steps: OpType[];
  /** The step the engine marks logical (the one its summary counts), once seen. */
  logical?: OpType;
  /** Steps that started and have not reported outputs or a failure yet. */
  unfinished: number;
  changed: Set<string>;
  replacing: Set<string>;
  failed: boolean;
}

/** Steps that only exist as part of a replacement. */
const REPLACEMENT_STEPS: ReadonlySet<OpType> = new Set<OpType>([
  "replace",
  "create-replacement",
  "delete-replaced",
  "discard-replaced",
  "import-replacement",
  "read-replacement",
]);

/** Steps that change nothing: `same`, and `refresh` (a drift run reports those separately). */
const NO_CHANGE: ReadonlySet<OpType> = new Set<OpType>(["same", "refresh"]);

export function collectChanges(redactor: Redactor): ChangeCollector {
  const resources = new Map<string, MutableChange>();
  const diagnostics: Diagnostic[] = [];
  const seenDiagnostics = new Set<string>();
  const policyViolations: PolicyViolation[] = [];
  /** Logical steps that finished, counted like the engine's summary (a fallback when it never came). */
  const finished: Record<string, number> = {};
  const counted = new Set<string>();
  let outputChanges: OutputChange[] = [];
  let summary: NonNullable<EngineEvent["summaryEvent"]> | undefined;

  const entryFor = (metadata: StepEventMetadata): MutableChange => {
    let entry = resources.get(metadata.urn);
    if (!entry) {
      entry = { urn: metadata.urn, type: metadata.type, steps: [], unfinished: 0, changed: new Set(), replacing: new Set(), failed: false };
      resources.set(metadata.urn, entry);
    }
    return entry;
  };

  const startStep = (metadata: StepEventMetadata): void => {
    if (NO_CHANGE.has(metadata.op) || isDefaultProvider(metadata)) return;
    const entry = entryFor(metadata);
    entry.steps.push(metadata.op);
    if (metadata.logical) entry.logical = metadata.op;
    entry.unfinished++;
    for (const path of changedPaths(metadata)) entry.changed.add(path);
    for (const path of replacementPaths(metadata)) entry.replacing.add(path);
  };

  const finishStep = (metadata: StepEventMetadata): void => {
    if (metadata.type === "pulumi:pulumi:Stack") outputChanges = outputChangesOf(metadata);
    if (isDefaultProvider(metadata)) return;
    // The stack resource reports outputs twice (registered, then its outputs): count each logical step once.
    const step = `${metadata.urn}\u0000${metadata.op}`;
    if (metadata.logical && !counted.has(step)) {
      counted.add(step);
      finished[metadata.op] = (finished[metadata.op] ?? 0) + 1;
    }
    const entry = resources.get(metadata.urn);
    if (entry && !NO_CHANGE.has(metadata.op)) entry.unfinished = Math.max(0, entry.unfinished - 1);
  };

  return {
    get sawSummary() {
      return summary !== undefined;
    },
    add(event) {
      // Secrets first: nothing this event carries may be rendered before they are known.
      learnEventSecrets(event, redactor);
      if (event.resourcePreEvent) startStep(event.resourcePreEvent.metadata);
      else if (event.resOutputsEvent) finishStep(event.resOutputsEvent.metadata);
      else if (event.resOpFailedEvent) {
        const entry = entryFor(event.resOpFailedEvent.metadata);
        entry.failed = true;
        entry.unfinished = Math.max(0, entry.unfinished - 1);
      } else if (event.diagnosticEvent) {
        const diag = event.diagnosticEvent;
        if (diag.ephemeral || (diag.severity !== "error" && diag.severity !== "warning")) return;
        const message = redactor.redact(plainText(diag.message));
        const key = `${diag.severity}\u0000${diag.urn ?? ""}\u0000${message}`;
        if (message === "" || seenDiagnostics.has(key)) return;
        seenDiagnostics.add(key);
        diagnostics.push({ severity: diag.severity, message, ...(diag.urn ? { urn: diag.urn } : {}) });
      } else if (event.policyEvent) {
        const policy = event.policyEvent;
        policyViolations.push({
          policyPack: policy.policyPackName,
          policyPackVersion: policy.policyPackVersion,
          policy: policy.policyName,
          enforcementLevel: policy.enforcementLevel,
          message: redactor.redact(plainText(policy.message)),
          ...(policy.resourceUrn ? { urn: policy.resourceUrn } : {}),
        });
      } else if (event.summaryEvent) summary = event.summaryEvent;
    },
    finish() {
      const list: ResourceChange[] = [];
      for (const entry of resources.values()) {
        if (entry.steps.length === 0 && !entry.failed) continue;
        const state: ResourceState = entry.failed ? "failed" : entry.unfinished > 0 ? "interrupted" : "done";
        list.push({
          urn: entry.urn,
          type: entry.type,
          name: resourceNameOf(entry.urn),
          op: entry.logical ?? logicalOp(entry.steps),
          steps: entry.steps,
          changedProperties: [...entry.changed].sort(comparePaths),
          replacementProperties: [...entry.replacing].sort(comparePaths),
          failed: entry.failed,
          state,
        });
      }
      const result = (summary as { result?: unknown } | undefined)?.result;
      return {
        counts: summary ? { ...summary.resourceChanges } : (finished as OpCounts),
        resources: list,
        // A run that did not succeed never registered all its outputs: they are not "removed".
        outputChanges: summary && (result === undefined || result === "succeeded") ? outputChanges : [],
        // A secret learned from a later event may be quoted by an earlier diagnostic.
        diagnostics: diagnostics.map((d) => ({ ...d, message: redactor.redact(d.message) })),
        policyViolations: policyViolations.map((p) => ({ ...p, message: redactor.redact(p.message) })),
        ...(summary ? { durationSeconds: summary.durationSeconds, maybeCorrupt: summary.maybeCorrupt } : {}),
        ...(typeof result === "string" ? { result } : {}),
      };
    },
  };
}

/** True when a stack's run changes anything: a counted change, a step that failed or never finished, or an output. */
export function stackHasChanges(changes: Pick<StackChanges, "counts" | "resources" | "outputChanges">): boolean {
  if (Object.entries(changes.counts).some(([op, n]) => (n ?? 0) > 0 && changesSomething(op as OpType))) return true;
  if (changes.resources.some((r) => (r.state ?? "done") !== "done")) return true;
  return (changes.outputChanges ?? []).length > 0;
}

/** Orders property paths so a parent sorts right before its children (`tags`, `tags.x`, `tagsAll`). */
export function comparePaths(a: string, b: string): number {
  const key = (path: string): string => path.replace(/\./g, "\u0000").replace(/\[/g, "\u0001");
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True for operations that change infrastructure (a `read` only looks). */
export function changesSomething(op: OpType): boolean {
  return !NO_CHANGE.has(op) && op !== "read";
}

/** For streams that do not mark the logical step (older engines, hand-written logs). */
function logicalOp(steps: readonly OpType[]): OpType {
  if (steps.some((step) => REPLACEMENT_STEPS.has(step))) return "replace";
  return steps[0] ?? "same";
}

/** detailedDiff keys (property paths), or the top-level `diffs` when the provider gave no detailed diff. */
function changedPaths(metadata: StepEventMetadata): string[] {
  const detailed = metadata.detailedDiff ? Object.keys(metadata.detailedDiff) : [];
  return detailed.length > 0 ? detailed : [...(metadata.diffs ?? [])];
}

function replacementPaths(metadata: StepEventMetadata): string[] {
  const fromDetail = Object.entries(metadata.detailedDiff ?? {})
    .filter(([, diff]) => String(diff.diffKind).endsWith("-replace"))
    .map(([path]) => path);
  return [...(metadata.keys ?? []), ...fromDetail];
}

/** Engine messages carry colour markup (`<{%reset%}>`) and sometimes ANSI codes. */
export function plainText(message: string): string {
  return message
    .replace(/<\{%[^%]*%\}>/g, "")
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, "")
    .trimEnd();
}
