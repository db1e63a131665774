/**
 * The seam between the operations and the Pulumi engine. Operations only see
 * `EngineStack`; production code gets one from `localStackSelector` (the
 * `pulumi` CLI run as the Automation API runs it), tests from a fake that replays
 * fixture events.
 */
import type { EngineEvent } from "./events";
import type { StackOutputs } from "./stack-outputs";

export interface EngineOperationOptions {
  /** Receives every engine event, in order. Results are built from these, never from stdout. */
  readonly onEvent: (event: EngineEvent) => void;
  /** Cancels the engine operation (the engine is asked to stop gracefully). */
  readonly signal?: AbortSignal;
  /** Resource operations the engine runs at once; default: the engine's own default. */
  readonly parallel?: number;
  /** Message recorded with the update in the stack history; default: none. */
  readonly message?: string;
  /** URNs of resources the operation leaves alone (`--exclude`); default: none. */
  readonly exclude?: readonly string[];
}

export interface EngineUpOptions extends EngineOperationOptions {
  /** Refresh the state from the cloud before updating (drift remediation); default false. */
  readonly refresh?: boolean;
}

/** A stack output as the engine reports it after `up`. */
export interface EngineOutput {
  readonly value: unknown;
  readonly secret: boolean;
}

export interface EngineStack {
  readonly name: string;
  preview(options: EngineOperationOptions): Promise<void>;
  up(options: EngineUpOptions): Promise<{ outputs: Record<string, EngineOutput> }>;
  /** A dry-run refresh: reads the cloud and reports differences without writing state. */
  previewRefresh(options: EngineOperationOptions): Promise<void>;
  /** Plaintext values of the stack's secret configuration, so they can be masked everywhere. */
  secretConfigValues(): Promise<string[]>;
  /**
   * The stack's outputs as of its last update, secrets marked, and the plaintext
   * of every secret among them. A program can print one during a preview (an
   * unchanged RandomPassword's result is known then), long before this run's own
   * outputs exist. Optional: without it only the outputs of an `up` are masked,
   * once it has finished, and drift checks every resource.
   */
  outputs?(): Promise<StackOutputs>;
}

export interface StackRequest {
  readonly stackName: string;
  /** Directory holding `Pulumi.yaml` and `Pulumi.<stack>.yaml`. */
  readonly workDir: string;
}

/** Selects an existing stack; fails (StackNotFoundError) when it does not exist. */
export type SelectStack = (request: StackRequest) => Promise<EngineStack>;
