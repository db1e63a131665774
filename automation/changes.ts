/**
 * Folds one operation's engine events into StackChanges. Streaming (events are
 * added as they arrive), so a 10,000-resource preview is never held twice.
 */
import type { EngineEvent, OpType, StepEventMetadata } from "./engine/events";
import { resourceNameOf } from "./engine/events";
import type { Redactor } from "./redact";
import type { Diagnostic, OpCounts, PolicyViolation, ResourceChange, StackChanges } from "./types";

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
  let counts: OpCounts = {};
  let durationSeconds: number | undefined;
  let sawSummary = false;

  const entryFor = (metadata: StepEventMetadata): MutableChange => {
    let entry = resources.get(metadata.urn);
    if (!entry) {
      entry = { urn: metadata.urn, type: metadata.type, steps: [], changed: new Set(), replacing: new Set(), failed: false };
      resources.set(metadata.urn, entry);
    }
    return entry;
  };

  const addStep = (metadata: StepEventMetadata): void => {
    if (NO_CHANGE.has(metadata.op)) return;
    const entry = entryFor(metadata);
    entry.steps.push(metadata.op);
    for (const path of changedPaths(metadata)) entry.changed.add(path);
    for (const path of replacementPaths(metadata)) entry.replacing.add(path);
  };

  return {
    get sawSummary() {
      return sawSummary;
    },
    add(event) {
      if (event.resourcePreEvent) addStep(event.resourcePreEvent.metadata);
      else if (event.resOpFailedEvent) entryFor(event.resOpFailedEvent.metadata).failed = true;
      else if (event.diagnosticEvent) {
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
      } else if (event.summaryEvent) {
        sawSummary = true;
        counts = { ...event.summaryEvent.resourceChanges };
        durationSeconds = event.summaryEvent.durationSeconds;
      }
    },
    finish() {
      const list: ResourceChange[] = [];
      for (const entry of resources.values()) {
        if (entry.steps.length === 0 && !entry.failed) continue;
        list.push({
          urn: entry.urn,
          type: entry.type,
          name: resourceNameOf(entry.urn),
          op: logicalOp(entry.steps),
          steps: entry.steps,
          changedProperties: [...entry.changed].sort(comparePaths),
          replacementProperties: [...entry.replacing].sort(comparePaths),
          failed: entry.failed,
        });
      }
      return {
        counts,
        resources: list,
        diagnostics,
        policyViolations,
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
      };
    },
  };
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
