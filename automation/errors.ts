/**
 * A small error hierarchy and the one classifier that maps any failure (a
 * failed `pulumi` command, an Automation API CommandError from a custom seam, a
 * program exception, an abort) onto it. Callers
 * branch on `kind` or `instanceof`, never on message text.
 */

export type FailureKind =
  | "StackLockedError"
  | "StackNotFoundError"
  | "ProgramError"
  | "ConfigurationError"
  | "BranchMovedError"
  | "AbortedError"
  // Never thrown: the merge of a CI matrix records a stack whose job left no report.
  | "MissingReportError";

/** A failure as data, for reports and JSON artifacts. */
export interface OperationFailure {
  readonly kind: FailureKind;
  readonly message: string;
}

export abstract class GitopsError extends Error {
  abstract readonly kind: FailureKind;
  /** The stack the failure belongs to, when there is one. (`stack` is Error's trace.) */
  readonly stackName: string | undefined;

  constructor(message: string, options: { stack?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.stackName = options.stack;
    this.name = new.target.name;
  }

  toFailure(): OperationFailure {
    return { kind: this.kind, message: this.message };
  }
}

/** Another update holds the stack's lock; reported after the retries ran out. */
export class StackLockedError extends GitopsError {
  readonly kind = "StackLockedError" as const;
  /** How many times the operation was tried. */
  readonly attempts: number;
  constructor(message: string, options: { stack?: string; cause?: unknown; attempts?: number } = {}) {
    super(message, options);
    this.attempts = options.attempts ?? 1;
  }
}

export class StackNotFoundError extends GitopsError {
  readonly kind = "StackNotFoundError" as const;
}

/** The engine or the Pulumi program failed (provider error, exception, missing summary). */
export class ProgramError extends GitopsError {
  readonly kind = "ProgramError" as const;
}

/** Stack configuration, secrets decryption or operation options are wrong. */
export class ConfigurationError extends GitopsError {
  readonly kind = "ConfigurationError" as const;
}

/** The branch moved since the commit that was previewed; deploying would apply an unreviewed plan. */
export class BranchMovedError extends GitopsError {
  readonly kind = "BranchMovedError" as const;
  /** Stacks that were already deployed (from this commit) before the branch moved. */
  completedStacks: readonly string[] = [];
  constructor(
    readonly branch: string,
    readonly expectedCommit: string,
    readonly actualCommit: string,
    options: { stack?: string } = {},
  ) {
    super(
      `refusing to deploy: ${branch} is at ${actualCommit.slice(0, 12)} but the previewed commit was ${expectedCommit.slice(0, 12)}`,
      options,
    );
  }
}

export class AbortedError extends GitopsError {
  readonly kind = "AbortedError" as const;
}

const LOCKED = [
  /the stack is currently locked/i,
  /\bstack is locked\b/i,
  /\[409\] Conflict: Another update is currently in progress/i,
  /another update is currently in progress/i,
];
const NOT_FOUND = [/no stack named .* found/i, /stack .* not found/i];
const CONFIGURATION = [
  /invalid configuration for stack/i,
  /Missing required configuration variable/i,
  /failed to decrypt/i,
  /incorrect passphrase/i,
  /passphrase must be set/i,
  /could not (?:decrypt|read) (?:secret|configuration)/i,
  /\bConfigError\b/,
];

/** Longest failure message kept; a CommandError carries the CLI's whole stdout and stderr. */
const MAX_MESSAGE = 2_000;
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

/**
 * Maps any thrown value to the hierarchy. The Automation API's own classes are
 * recognised by name (ConcurrentUpdateError, StackNotFoundError); the rest, the
 * seam's PulumiCommandError included, by the engine's messages. An aborted signal wins over everything: a cancelled engine
 * fails with an ordinary CommandError.
 */
export function classifyError(error: unknown, context: { stack?: string; signal?: AbortSignal } = {}): GitopsError {
  if (error instanceof GitopsError) return error;
  const name = error instanceof Error ? error.name : "";
  const text = error instanceof Error ? error.message : String(error);
  const options = { stack: context.stack, cause: error };
  const message = conciseMessage(text);
  if (context.signal?.aborted || name === "AbortError") return new AbortedError(message || "operation aborted", options);
  if (/spawn \S*pulumi ENOENT/.test(text)) {
    return new ConfigurationError("the Pulumi CLI was not found: put `pulumi` on PATH or give the installation root (pulumiRoot)", options);
  }
  if (name === "ConcurrentUpdateError" || LOCKED.some((re) => re.test(text))) return new StackLockedError(message, options);
  if (name === "StackNotFoundError" || NOT_FOUND.some((re) => re.test(text))) return new StackNotFoundError(message, options);
  if (name === "ConfigError" || CONFIGURATION.some((re) => re.test(text))) return new ConfigurationError(message, options);
  return new ProgramError(message, options);
}

/**
 * The part of an engine failure worth showing: its `error:` lines when there are
 * any (the CLI's stdout dump around them is noise), bounded in length.
 */
export function conciseMessage(text: string): string {
  const lines = text.split("\n").map((line) => line.trim());
  const errorLines: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (!/^error:/i.test(line)) continue;
    // A line ending in ":" introduces its cause on the next line, e.g. the language
    // host's "Running program '…' failed with an unhandled exception:" followed by
    // "TypeError: …". Joined, the first line alone names the problem.
    const next = lines[i + 1];
    if (line.endsWith(":") && next) {
      line = `${line} ${next.replace(ANSI_ESCAPE, "")}`;
      i++;
    }
    errorLines.push(line);
  }
  const chosen = errorLines.length > 0 ? [...new Set(errorLines)].join("\n") : text.trim();
  return chosen.length > MAX_MESSAGE ? `${chosen.slice(0, MAX_MESSAGE - 1)}…` : chosen;
}
