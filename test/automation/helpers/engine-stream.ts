/**
 * Builds engine event streams in code, shaped like apitype.EngineEvent, for
 * cases a unit test needs to pin exactly (the recorded real streams under
 * test/fixtures/engine-events cover what the engine does end to end).
 */
import type { EngineEvent, OpType } from "../../../automation";

const STACK_URN = "urn:pulumi:staging::gitops-platform::pulumi:pulumi:Stack::gitops-platform-staging";

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:staging::gitops-platform::${type}::${name}`;
}

interface StepOptions {
  readonly diffs?: string[];
  readonly logical?: boolean;
  readonly outputs?: Record<string, unknown>;
  readonly oldOutputs?: Record<string, unknown>;
}

export class StreamBuilder {
  private readonly events: EngineEvent[] = [];

  private push(payload: Omit<EngineEvent, "sequence" | "timestamp">): this {
    this.events.push({ sequence: this.events.length, timestamp: 1764331200 + this.events.length, ...payload } as EngineEvent);
    return this;
  }

  private metadata(op: OpType, type: string, name: string, options: StepOptions) {
    const urn = type === "pulumi:pulumi:Stack" ? STACK_URN : urnOf(type, name);
    const state = (outputs: Record<string, unknown> | undefined) => ({ type, urn, id: name, parent: "", inputs: {}, outputs: outputs ?? {}, provider: "" });
    return {
      op,
      urn,
      type,
      old: op === "create" || op === "import" ? null : state(options.oldOutputs),
      new: op === "delete" ? null : state(options.outputs),
      ...(options.diffs ? { diffs: options.diffs } : {}),
      detailedDiff: null,
      ...(options.logical === false ? {} : { logical: true }),
      provider: "",
    };
  }

  pre(op: OpType, type: string, name: string, options: StepOptions = {}): this {
    return this.push({ resourcePreEvent: { metadata: this.metadata(op, type, name, options), planning: true } as never });
  }

  outputs(op: OpType, type: string, name: string, options: StepOptions = {}): this {
    return this.push({ resOutputsEvent: { metadata: this.metadata(op, type, name, options), planning: true } as never });
  }

  /** A step from start to finish. */
  step(op: OpType, type: string, name: string, options: StepOptions = {}): this {
    return this.pre(op, type, name, options).outputs(op, type, name, options);
  }

  failed(op: OpType, type: string, name: string): this {
    return this.push({ resOpFailedEvent: { metadata: this.metadata(op, type, name, {}), status: 1, steps: 1 } as never });
  }

  diagnostic(severity: "debug" | "info" | "warning" | "error", message: string, urn?: string): this {
    return this.push({ diagnosticEvent: { ...(urn ? { urn } : {}), prefix: `${severity}: `, message, color: "never", severity: severity as never } });
  }

  summary(resourceChanges: Record<string, number>, extra: { result?: string; maybeCorrupt?: boolean } = {}): this {
    return this.push({
      summaryEvent: {
        maybeCorrupt: extra.maybeCorrupt ?? false,
        durationSeconds: 3,
        resourceChanges,
        PolicyPacks: {},
        isPreview: true,
        ...(extra.result ? { result: extra.result } : {}),
      } as never,
    });
  }

  build(): EngineEvent[] {
    return [...this.events];
  }
}

export const stream = (): StreamBuilder => new StreamBuilder();
