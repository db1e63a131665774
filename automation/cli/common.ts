/**
 * Options and plumbing the preview, deploy and drift commands share: stack and
 * work-dir selection, the engine seam, progress lines on stderr, and writing
 * reports (stdout, JSON file, job summary).
 */
import { resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { PROMOTION_ORDER } from "../../platform/layout";
import { localStackSelector } from "../engine/local";
import { toolchainEngine } from "../engine/toolchain";
import type { SelectStack } from "../engine/stack";
import { readGitHubContext, stepSummaryText, type GitHubRunContext } from "../github/context";
import type { MatrixOperation } from "../matrix-plan";
import type { OperationOptions, ProgressUpdate } from "../operation";
import { Redactor } from "../redact";
import { type CommandRuntime, EXIT } from "./runtime";

export interface CommonOptions {
  readonly stack?: string[];
  readonly workDir?: string;
  readonly json?: boolean;
  readonly reportFile?: string;
  readonly summaryFile?: string | false;
  readonly pulumiRoot?: string;
  readonly pulumiHome?: string;
}

/** Adds the options every engine command has. */
export function addCommonOptions(command: Command, reportName: string): Command {
  return command
    .option("--stack <name...>", `stacks to operate on (default: ${PROMOTION_ORDER.join(", ")})`)
    .option("--work-dir <dir>", "directory with Pulumi.yaml (default: current directory)")
    .option("--json", "print the JSON report on stdout instead of Markdown (default: Markdown)")
    .option("--report-file <path>", `also write the JSON report to this file, e.g. ${reportName} (default: none)`)
    .option("--summary-file <path>", "append Markdown to this file (default: $GITHUB_STEP_SUMMARY when set)")
    .option("--no-summary-file", "do not write the job summary")
    .option("--pulumi-root <dir>", "Pulumi CLI installation root holding bin/pulumi (default: $GITOPS_PULUMI_ROOT, else pulumi on PATH)")
    .option("--pulumi-home <dir>", "PULUMI_HOME for plugins and credentials (default: $PULUMI_HOME, else the CLI's)");
}

/** Commander argument parser for a positive integer option. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

export interface CommandContext {
  readonly workDir: string;
  readonly stacks: readonly string[];
  readonly selectStack: SelectStack;
  readonly redactor: Redactor;
  readonly github: GitHubRunContext;
  readonly onProgress: (update: ProgressUpdate) => void;
}

export function commandContext(runtime: CommandRuntime, options: CommonOptions): CommandContext {
  const { io, services } = runtime;
  const redactor = new Redactor();
  const workDir = resolve(runtime.cwd, options.workDir ?? ".");
  const pulumiRoot = options.pulumiRoot ?? io.env.GITOPS_PULUMI_ROOT;
  // Without an explicit CLI, the toolchain's (as `gitops start` uses it), else pulumi on PATH.
  const engine = pulumiRoot ? { pulumiRoot: resolve(runtime.cwd, pulumiRoot) } : (toolchainEngine({ ...io.env } as NodeJS.ProcessEnv) ?? {});
  const pulumiHome = options.pulumiHome ?? engine.pulumiHome;
  const selectStack =
    services.selectStack ??
    localStackSelector({
      ...(engine.pulumiRoot ? { pulumiRoot: engine.pulumiRoot } : {}),
      ...(pulumiHome ? { pulumiHome } : {}),
      env: io.env,
    });
  return {
    workDir,
    stacks: options.stack && options.stack.length > 0 ? options.stack : PROMOTION_ORDER,
    selectStack,
    redactor,
    github: readGitHubContext(io.env, services.readFileSync),
    onProgress: (update) => io.stderr.write(`${redactor.redact(progressLine(update))}\n`),
  };
}

/** One stderr line per progress update. */
export function progressLine(update: ProgressUpdate): string {
  const prefix = `[${update.stack}]`;
  switch (update.kind) {
    case "started":
      return `${prefix} ${update.operation} started${update.attempt > 1 ? ` (attempt ${update.attempt})` : ""}`;
    case "resource":
      return `${prefix} ${update.op} ${update.type} ${update.urn.slice(update.urn.lastIndexOf("::") + 2)}`;
    case "retrying":
      return `${prefix} stack is locked; retrying in ${Math.round(update.delayMs / 1000)} s (attempt ${update.attempt} failed)`;
    case "finished":
      return `${prefix} ${update.operation} ${update.status}${update.error ? `: ${update.error.split("\n")[0]}` : ""}`;
    case "skipped":
      return `${prefix} skipped: ${update.reason}`;
  }
}

/** Writes the report where it was asked for. Returns the failures instead of throwing: the result comes first. */
export async function writeOutputs(
  runtime: CommandRuntime,
  options: CommonOptions,
  outputs: { json: string; markdown: string },
): Promise<string[]> {
  const { io, services } = runtime;
  io.stdout.write(options.json ? outputs.json : `${outputs.markdown.trimEnd()}\n`);
  const problems: string[] = [];
  if (options.reportFile) {
    await services.writeFile(resolve(runtime.cwd, options.reportFile), outputs.json).catch((e: Error) => problems.push(`report file: ${e.message}`));
  }
  const summaryFile = options.summaryFile === false ? undefined : (options.summaryFile ?? io.env.GITHUB_STEP_SUMMARY);
  if (summaryFile) {
    await services.appendFile(resolve(runtime.cwd, summaryFile), stepSummaryText(outputs.markdown)).catch((e: Error) => problems.push(`job summary: ${e.message}`));
  }
  return problems;
}

/** Prints an error on stderr, masked, with the gitops prefix. */
export function reportError(runtime: CommandRuntime, redactor: Redactor, what: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  runtime.io.stderr.write(`gitops: ${what}: ${redactor.redact(message)}\n`);
}

/** The options every engine command passes to its library operation, from the command's context. */
export function operationOptions(runtime: CommandRuntime, context: CommandContext): OperationOptions {
  return {
    workDir: context.workDir,
    stacks: context.stacks,
    selectStack: context.selectStack,
    redactor: context.redactor,
    onProgress: context.onProgress,
    ...(runtime.services.lockRetry ? { lockRetry: runtime.services.lockRetry } : {}),
    ...(runtime.io.signal ? { signal: runtime.io.signal } : {}),
  };
}

/** `--plan`: the stacks as a CI matrix plan instead of running the operation. */
export function planOption(operation: string): Option {
  return new Option("--plan", `${operation} nothing; print the stacks as one JSON line whose \`matrix\` feeds a CI matrix, one job per stack (default: off)`);
}

/** Prints the plan on stdout; a plan that cannot be run (too many stacks) is an error. */
export function printPlan(
  runtime: CommandRuntime,
  context: CommandContext,
  operation: MatrixOperation,
  selection: () => { readonly stacks: readonly string[]; readonly notAffected: readonly string[] },
): number {
  try {
    // Loaded only for --plan: its schema library is most of a command's start-up.
    const { matrixPlan, renderMatrixPlan } = require("../matrix-plan") as typeof import("../matrix-plan");
    runtime.io.stdout.write(renderMatrixPlan(matrixPlan(operation, selection())));
    return EXIT.ok;
  } catch (error) {
    reportError(runtime, context.redactor, "cannot plan the matrix", error);
    return EXIT.error;
  }
}
