/**
 * The typed results of the operations. Plain data (JSON-serialisable), built
 * from engine events and already masked by the operation's Redactor.
 */
import type { OpType } from "./engine/events";
import type { OperationFailure } from "./errors";

/** Count of resources per operation, as the engine's summary event reports them. */
export type OpCounts = Partial<Record<OpType, number>>;

/**
 * How a resource's steps ended: `done` when every step reported its outputs,
 * `failed` when the engine reported a step failed, `interrupted` when a step
 * started and never finished (the engine was cancelled or died).
 */
export type ResourceState = "done" | "failed" | "interrupted";

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  /** The resource's logical name (last URN segment). */
  readonly name: string;
  /**
   * The logical operation: `replace` when any step of the resource replaces it,
   * otherwise the operation of its step.
   */
  readonly op: OpType;
  /** Every engine step for this resource, in order (e.g. create-replacement, replace, delete-replaced). */
  readonly steps: readonly OpType[];
  /** Changed property paths (detailedDiff keys, falling back to the top-level `diffs`), sorted. */
  readonly changedProperties: readonly string[];
  /** Properties whose change forces a replacement, sorted. */
  readonly replacementProperties: readonly string[];
  /** True when an engine step for this resource failed (`state` is "failed"). */
  readonly failed: boolean;
  /** How the resource's steps ended. Reports written before this field existed lack it: read as "done". */
  readonly state: ResourceState;
}

/**
 * A stack output whose value changes: `add`/`delete`/`update` from the stack's
 * old and new outputs, `unknown` when a preview cannot know the new value yet.
 * Values are never carried (they may be secret); the JSON artifact has names only.
 */
export interface OutputChange {
  readonly name: string;
  readonly kind: "add" | "delete" | "update" | "unknown";
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly urn?: string;
}

export interface PolicyViolation {
  readonly policyPack: string;
  readonly policyPackVersion: string;
  readonly policy: string;
  readonly enforcementLevel: string;
  readonly message: string;
  readonly urn?: string;
}

/** What one engine operation on one stack produced, folded from its events. */
export interface StackChanges {
  /**
   * Resources per operation: the engine's summary event when it arrived, else
   * counted from the logical steps that finished, the way the engine counts
   * (default providers excluded, a replacement counted once).
   */
  readonly counts: OpCounts;
  /** Every resource with an operation other than `same`, in event order. */
  readonly resources: readonly ResourceChange[];
  readonly diagnostics: readonly Diagnostic[];
  readonly policyViolations: readonly PolicyViolation[];
  /** Stack outputs that change, by name; empty when the run did not succeed (its outputs are incomplete). */
  readonly outputChanges: readonly OutputChange[];
  /** Seconds the engine reported; undefined without a summary event. */
  readonly durationSeconds?: number;
  /** The summary event's `result` ("succeeded", "failed", "cancelled"…); undefined without one or from older engines. */
  readonly result?: string;
  /** True when the engine reported the state may be corrupt (an update died mid-write). */
  readonly maybeCorrupt?: boolean;
}

export type StackStatus = "succeeded" | "failed";

export interface StackPreview extends StackChanges {
  readonly stack: string;
  readonly status: StackStatus;
  readonly error?: OperationFailure;
}

export interface PreviewReport {
  readonly operation: "preview";
  /** Previewed stacks, in the order they were requested. */
  readonly stacks: readonly StackPreview[];
  /** Stacks not affected by the changed files, so not previewed. */
  readonly notAffected: readonly string[];
  /** True when every previewed stack succeeded. */
  readonly ok: boolean;
  /** True when any previewed stack has a change other than `same`. */
  readonly hasChanges: boolean;
}

export interface StackDeployment extends StackChanges {
  readonly stack: string;
  readonly status: StackStatus;
  /** Stack outputs after the update; secret outputs are "[secret]". */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly error?: OperationFailure;
}

export interface DeployReport {
  readonly operation: "deploy";
  /** Stacks that ran, in promotion order. */
  readonly stacks: readonly StackDeployment[];
  /** Stacks that did not run because an earlier one failed. */
  readonly notRun: readonly string[];
  readonly ok: boolean;
}

export interface PropertyDrift {
  /** Property path, e.g. `tags.owner`, `ingress[0].cidrBlocks`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  /** The value recorded in the Pulumi state (masked). Undefined when the property was added. */
  readonly expected: unknown;
  /** The value read from the cloud (masked). Undefined when the property was removed. */
  readonly actual: unknown;
}

export interface DriftedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** `changed`: properties differ; `deleted`: the resource no longer exists in the cloud. */
  readonly kind: "changed" | "deleted";
  readonly properties: readonly PropertyDrift[];
}

export type RemediationStatus = "succeeded" | "failed" | "refused";

export interface StackDrift {
  readonly stack: string;
  readonly status: "clean" | "drifted" | "failed";
  readonly resources: readonly DriftedResource[];
  /** Property differences dropped by the ignore list (known provider noise). */
  readonly ignoredDifferences: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly error?: OperationFailure;
  /** Present when remediation was requested for a drifted stack. */
  readonly remediation?: { readonly status: RemediationStatus; readonly reason?: string };
}

export interface DriftReport {
  readonly operation: "drift";
  readonly stacks: readonly StackDrift[];
  /** True when no stack failed (drift itself is not a failure). */
  readonly ok: boolean;
  /** True when any stack drifted. */
  readonly drifted: boolean;
}
