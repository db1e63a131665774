/**
 * What every operation shares: option defaults, progress updates, and running
 * one engine operation on one stack (select, learn its secrets, retry a lock,
 * fold events, require the summary event).
 */
import { PROMOTION_ORDER } from "../platform/layout";
import { collectChanges } from "./changes";
import { redactEvent } from "./engine/event-secrets";
import type { EngineEvent, OpType, StackEngineEvent } from "./engine/events";
import { type LocalEngineOptions, localStackSelector } from "./engine/local";
import type { EngineOutput, EngineStack, SelectStack } from "./engine/stack";
import { AbortedError, ConfigurationError, type GitopsError, ProgramError, StackNotFoundError, classifyError } from "./errors";
import { type LockRetryPolicy, withLockRetry } from "./lock-retry";
import { MASK, Redactor } from "./redact";
import type { StackChanges } from "./types";

export type EngineOperation = "preview" | "up" | "previewRefresh";

export type ProgressUpdate =
  | { readonly kind: "started"; readonly stack: string; readonly operation: EngineOperation; readonly attempt: number }
  | { readonly kind: "retrying"; readonly stack: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly kind: "resource"; readonly stack: string; readonly op: OpType; readonly urn: string; readonly type: string }
  | { readonly kind: "finished"; readonly stack: string; readonly operation: EngineOperation; readonly status: "succeeded" | "failed"; readonly error?: string }
  | { readonly kind: "skipped"; readonly stack: string; readonly reason: string };

export interface OperationOptions {
  /** Directory with `Pulumi.yaml`. Default: the current directory at call time. */
  readonly workDir?: string;
  /** Stacks to consider. Default: the promotion order (staging, production). */
  readonly stacks?: readonly string[];
  /** How to reach a stack. Default: `localStackSelector` (the pulumi CLI), configured by `engine`. */
  readonly selectStack?: SelectStack;
  /** Pulumi CLI location and home for the default `selectStack`; ignored when `selectStack` is given. */
  readonly engine?: LocalEngineOptions;
  /** Retrying a locked stack. Default: 4 attempts, 5 s doubling, at most 60 s apart. */
  readonly lockRetry?: LockRetryPolicy;
  /** Masks secrets in results. Default: a fresh Redactor; pass one to share it with your own output. */
  readonly redactor?: Redactor;
  /**
   * Every engine event, tagged with its stack, masked by the Redactor (secret
   * envelopes blinded, known secrets replaced). Default: none.
   */
  readonly onEvent?: (event: StackEngineEvent) => void;
  /** Pass the engine's `debug` diagnostics to `onEvent` (they dump RPC payloads). Default false. */
  readonly debugEvents?: boolean;
  /** Coarse progress (stack started, resource step, retry, finished). Default: none. */
  readonly onProgress?: (update: ProgressUpdate) => void;
  /** Aborts the operation: running engine operations are cancelled, the call rejects with AbortedError. */
  readonly signal?: AbortSignal;
}

export interface OperationContext {
  readonly workDir: string;
  readonly stacks: readonly string[];
  readonly selectStack: SelectStack;
  readonly lockRetry: LockRetryPolicy;
  readonly redactor: Redactor;
  /** Undefined when nobody listens: events are then not copied for masking. */
  readonly onEvent: ((event: StackEngineEvent) => void) | undefined;
  readonly debugEvents: boolean;
  readonly onProgress: (update: ProgressUpdate) => void;
  readonly signal: AbortSignal | undefined;
  /** Per stack: its secrets, read once per command and taught to the redactor. */
  readonly secretsLearned: Map<string, Promise<void>>;
}

export function resolveOptions(options: OperationOptions): OperationContext {
  const stacks = options.stacks ?? PROMOTION_ORDER;
  if (stacks.length === 0) throw new ConfigurationError("no stacks given");
  return {
    workDir: options.workDir ?? process.cwd(),
    stacks: [...new Set(stacks)],
    selectStack: options.selectStack ?? localStackSelector(options.engine),
    lockRetry: options.lockRetry ?? {},
    redactor: options.redactor ?? new Redactor(),
    onEvent: options.onEvent,
    debugEvents: options.debugEvents ?? false,
    onProgress: options.onProgress ?? (() => {}),
    signal: options.signal,
    secretsLearned: new Map(),
  };
}

/** Something else that watches the same event stream (e.g. the drift diff). */
export interface EventObserver {
  add(event: EngineEvent): void;
}

export interface EngineRunSettings<O extends EventObserver> {
  readonly operation: EngineOperation;
  readonly parallel?: number;
  readonly message?: string;
  /** For `up`: refresh first. */
  readonly refresh?: boolean;
  /** A fresh observer per attempt, fed every event. */
  readonly observe?: () => O;
  /** Resources the operation leaves alone, decided from the selected stack (e.g. its outputs). */
  readonly exclude?: (stack: EngineStack) => Promise<readonly string[]>;
}

export type EngineRun<O> =
  | { readonly ok: true; readonly changes: StackChanges; readonly outputs: Record<string, unknown>; readonly observer?: O }
  | { readonly ok: false; readonly changes: StackChanges; readonly error: GitopsError; readonly observer?: O };

/** Runs one engine operation on one stack. Never throws: failures come back classified, with what was collected. */
export async function runOnStack<O extends EventObserver>(
  context: OperationContext,
  stackName: string,
  settings: EngineRunSettings<O>,
): Promise<EngineRun<O>> {
  let collector = collectChanges(context.redactor);
  let observer: O | undefined;
  let outputs: Record<string, unknown> = {};
  const { signal, redactor } = context;
  try {
    await withLockRetry(
      async (attempt) => {
        if (signal?.aborted) throw new AbortedError("operation aborted", { stack: stackName });
        const stack = await context.selectStack({ stackName, workDir: context.workDir });
        const secrets = (): Promise<void> => learnSecrets(context, stack, stackName);
        const exclude = settings.exclude ? await settings.exclude(stack) : [];
        collector = collectChanges(redactor);
        observer = settings.observe?.();
        context.onProgress({ kind: "started", stack: stackName, operation: settings.operation, attempt });
        const handle = (event: EngineEvent): void => {
          // The collector learns the event's secrets first, so the copy handed out is masked with them.
          collector.add(event);
          observer?.add(event);
          const masked = context.onEvent ? redactEvent(event, redactor, { debug: context.debugEvents }) : undefined;
          if (masked) context.onEvent?.({ stack: stackName, event: masked });
          const step = event.resourcePreEvent?.metadata;
          if (step && step.op !== "same" && step.op !== "refresh") {
            context.onProgress({ kind: "resource", stack: stackName, op: step.op, urn: step.urn, type: step.type });
          }
        };
        const engineOptions = (onEvent: (event: EngineEvent) => void, engineSignal: AbortSignal | undefined) => ({
          onEvent,
          ...(engineSignal ? { signal: engineSignal } : {}),
          ...(settings.parallel !== undefined ? { parallel: settings.parallel } : {}),
          ...(settings.message !== undefined ? { message: settings.message } : {}),
          ...(exclude.length > 0 ? { exclude } : {}),
        });
        if (settings.operation === "up") {
          // Nothing changes unless every secret it could print can be masked.
          await secrets();
          outputs = maskOutputs((await stack.up({ ...engineOptions(handle, signal), refresh: settings.refresh ?? false })).outputs, redactor);
        } else {
          const run = settings.operation === "preview" ? stack.preview.bind(stack) : stack.previewRefresh.bind(stack);
          await whileLearningSecrets(secrets, handle, signal, (onEvent, engineSignal) => run(engineOptions(onEvent, engineSignal)));
        }
        if (!collector.sawSummary) {
          throw new ProgramError(`the engine finished ${settings.operation} without a summary event; the result is incomplete`, { stack: stackName });
        }
      },
      context.lockRetry,
      {
        stack: stackName,
        ...(signal ? { signal } : {}),
        onRetry: (retry) => context.onProgress({ kind: "retrying", stack: stackName, ...retry, reason: redactor.redact(retry.reason) }),
      },
    );
  } catch (error) {
    const failure = classifyError(error, { stack: stackName, ...(signal ? { signal } : {}) });
    const masked = redactFailure(failure, redactor);
    context.onProgress({ kind: "finished", stack: stackName, operation: settings.operation, status: "failed", error: masked.message });
    return { ok: false, changes: collector.finish(), error: masked, ...(observer ? { observer } : {}) };
  }
  context.onProgress({ kind: "finished", stack: stackName, operation: settings.operation, status: "succeeded" });
  // Secret outputs are only known once `up` has finished, after the diagnostics
  // were collected (a program may log a generated password): mask them again.
  const changes = redactor.maskValue(collector.finish()) as StackChanges;
  return { ok: true, changes, outputs, ...(observer ? { observer } : {}) };
}

/** The stack's secret config and secret outputs, read once per command and taught to the redactor. */
function learnSecrets(context: OperationContext, stack: EngineStack, stackName: string): Promise<void> {
  let learned = context.secretsLearned.get(stackName);
  if (!learned) {
    learned = Promise.all([
      registerSecretConfig(stack.secretConfigValues.bind(stack), context.redactor, stackName),
      registerSecretOutputs(stack.outputs?.bind(stack), context.redactor, stackName),
    ]).then(() => undefined);
    // Awaited by every operation on the stack; this only keeps a failure that none awaited yet from going unhandled.
    learned.catch(() => undefined);
    context.secretsLearned.set(stackName, learned);
  }
  return learned;
}

/**
 * A read-only operation starts at once, beside the secret reads (each costs a
 * CLI start and a decryption): its events wait in order until the secrets are
 * known, so nothing is collected, rendered or handed out before the redactor can
 * mask it. If the secrets cannot be read, the engine is cancelled and that
 * failure is the operation's (fail closed).
 */
async function whileLearningSecrets(
  secrets: () => Promise<void>,
  handle: (event: EngineEvent) => void,
  outer: AbortSignal | undefined,
  run: (onEvent: (event: EngineEvent) => void, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const pending: EngineEvent[] = [];
  let known = false;
  const cancel = new AbortController();
  const forward = (): void => cancel.abort();
  if (outer?.aborted) cancel.abort();
  outer?.addEventListener("abort", forward, { once: true });
  // The engine starts first: the reads only have to be done before its first event is used.
  const ran = run((event) => (known ? handle(event) : void pending.push(event)), cancel.signal);
  const learned = secrets().then(
    () => {
      known = true;
      for (const event of pending.splice(0)) handle(event);
    },
    (error: unknown) => {
      cancel.abort();
      throw error;
    },
  );
  try {
    const [secretsRead, engineRun] = await Promise.allSettled([learned, ran]);
    if (secretsRead.status === "rejected") throw secretsRead.reason;
    if (engineRun.status === "rejected") throw engineRun.reason;
  } finally {
    outer?.removeEventListener("abort", forward);
  }
}

/**
 * Secret config values are registered before any event is used, so that a program
 * that prints one (e.g. in a validation error) is masked too. If they cannot be
 * read we cannot promise masking, so the operation fails (fail closed).
 */
async function registerSecretConfig(read: () => Promise<string[]>, redactor: Redactor, stack: string): Promise<void> {
  let values: string[];
  try {
    values = await read();
  } catch (error) {
    const cause = classifyError(error, { stack });
    if (cause instanceof StackNotFoundError) throw cause;
    throw new ConfigurationError(`cannot read the secret configuration of ${stack} to mask it: ${cause.message}`, { stack, cause: error });
  }
  values.forEach((value) => redactor.addSensitive(value));
}

/** The same for the secret outputs of the stack's last update, fail closed too. */
async function registerSecretOutputs(read: EngineStack["outputs"], redactor: Redactor, stack: string): Promise<void> {
  if (!read) return;
  let values: unknown[];
  try {
    values = (await read()).secrets;
  } catch (error) {
    const cause = classifyError(error, { stack });
    if (cause instanceof StackNotFoundError) throw cause;
    throw new ConfigurationError(`cannot read the secret outputs of ${stack} to mask them: ${cause.message}`, { stack, cause: error });
  }
  values.forEach((value) => redactor.addSensitiveValue(value));
}

function maskOutputs(outputs: Record<string, EngineOutput>, redactor: Redactor): Record<string, unknown> {
  redactor.addSecretOutputs(outputs);
  const masked: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(outputs)) masked[name] = output.secret ? MASK : redactor.maskValue(output.value);
  return masked;
}

/**
 * Failure messages can quote a program's output: mask them like everything else,
 * in place, including the trace text that repeats the message.
 */
function redactFailure(error: GitopsError, redactor: Redactor): GitopsError {
  error.message = redactor.redact(error.message);
  if (error.stack) error.stack = redactor.redact(error.stack);
  return error;
}
