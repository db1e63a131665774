/**
 * A fake EngineStack that replays fixture event streams, the way the Automation
 * API calls `onEvent` while reading the engine's event log.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent, EngineOperationOptions, EngineStack, EngineUpOptions, SelectStack } from "../../../automation";
import { parseEventLog } from "../../../automation";
import type { StackOutputs } from "../../../automation/engine/stack-outputs";

export const FIXTURES = join(__dirname, "..", "..", "fixtures", "engine-events");

export function fixture(name: string): EngineEvent[] {
  return parseEventLog(readFileSync(join(FIXTURES, name), "utf8"));
}

type Operation = "preview" | "up" | "previewRefresh";

/** What one call of an operation does: replay events, then resolve or throw. */
export interface Script {
  readonly events?: readonly EngineEvent[];
  /** Thrown after the events (an Error, or a factory for a fresh one). */
  readonly error?: Error | (() => Error);
  /** Waits this long before finishing (lets tests observe concurrency); aborts early with the signal. */
  readonly delayMs?: number;
  readonly outputs?: Record<string, { value: unknown; secret: boolean }>;
}

export interface FakeStackOptions {
  readonly preview?: Script | readonly Script[];
  readonly up?: Script | readonly Script[];
  readonly previewRefresh?: Script | readonly Script[];
  readonly secretConfig?: readonly string[];
  /** Makes reading the secret configuration fail (e.g. the KMS key is unreachable). */
  readonly secretConfigError?: Error;
  /** The stack's outputs as of its last update (what `outputs()` returns); default: none read. */
  readonly outputs?: StackOutputs;
}

export interface CallLog {
  readonly calls: Array<{ stack: string; operation: Operation; options: EngineOperationOptions | EngineUpOptions }>;
  running: number;
  maxRunning: number;
}

/** A SelectStack over fakes by stack name; unknown names fail like the Automation API's StackNotFoundError. */
export function fakeSelector(stacks: Record<string, FakeStackOptions>, log: CallLog = newCallLog()): SelectStack & { log: CallLog } {
  const counters = new Map<string, number>();
  const select: SelectStack = async ({ stackName }) => {
    const options = stacks[stackName];
    if (!options) throw Object.assign(new Error(`error: no stack named '${stackName}' found`), { name: "StackNotFoundError" });
    const run = async (operation: Operation, op: EngineOperationOptions): Promise<Script> => {
      const key = `${stackName}:${operation}`;
      const index = counters.get(key) ?? 0;
      counters.set(key, index + 1);
      const scripts = options[operation];
      if (!scripts) throw new Error(`fake stack ${stackName} has no script for ${operation}`);
      const script = Array.isArray(scripts) ? (scripts as Script[])[Math.min(index, scripts.length - 1)]! : (scripts as Script);
      log.calls.push({ stack: stackName, operation, options: op });
      log.running++;
      log.maxRunning = Math.max(log.maxRunning, log.running);
      try {
        for (const event of script.events ?? []) op.onEvent(event);
        if (script.delayMs) await wait(script.delayMs, op.signal);
        if (script.error) throw typeof script.error === "function" ? script.error() : script.error;
        return script;
      } finally {
        log.running--;
      }
    };
    const stack: EngineStack = {
      name: stackName,
      preview: async (op) => void (await run("preview", op)),
      previewRefresh: async (op) => void (await run("previewRefresh", op)),
      up: async (op) => ({ outputs: (await run("up", op)).outputs ?? {} }),
      secretConfigValues: async () => {
        if (options.secretConfigError) throw options.secretConfigError;
        return [...(options.secretConfig ?? [])];
      },
      ...(options.outputs ? { outputs: async () => options.outputs! } : {}),
    };
    return stack;
  };
  return Object.assign(select, { log });
}

export function newCallLog(): CallLog {
  return { calls: [], running: 0, maxRunning: 0 };
}

/** Like the engine when cancelled: the CLI exits with an error after the signal. */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(Object.assign(new Error("error: update canceled"), { name: "CommandError" }));
      },
      { once: true },
    );
  });
}

/** The Automation API's lock failure. */
export function lockedError(): Error {
  return Object.assign(
    new Error("code: 255\n stderr: error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`."),
    { name: "ConcurrentUpdateError" },
  );
}

/** A summary-less copy of a fixture (the engine died before finishing). */
export function withoutSummary(events: readonly EngineEvent[]): EngineEvent[] {
  return events.filter((event) => !event.summaryEvent);
}

/**
 * A fixture as an engine that did not know `secret` was secret would send it (a
 * value read from a file, say): the engine's own `[secret]` in the program's
 * diagnostics replaced by the plaintext, so the library's masking has something to do.
 */
export function withPrintedSecret(events: readonly EngineEvent[], secret: string): EngineEvent[] {
  const printed = events.map((event) =>
    event.diagnosticEvent?.message.includes("[secret]")
      ? { ...event, diagnosticEvent: { ...event.diagnosticEvent, message: event.diagnosticEvent.message.split("[secret]").join(secret) } }
      : event,
  );
  if (!printed.some((event, i) => event !== events[i])) throw new Error("the fixture has no diagnostic quoting a masked secret to print");
  return printed;
}
