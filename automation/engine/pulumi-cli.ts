/**
 * Runs one `pulumi` command as the Automation API does (non-interactive, the
 * installation's own directory first on PATH so its bundled plugins win, the
 * engine's events through `--event-log`), without loading the Pulumi SDK.
 * Loading `@pulumi/pulumi/automation` costs ~0.6 s (it pulls in the runtime and
 * the closure serializer) and its workspace adds a version probe and a
 * `stack select` before every operation: together more than the automation
 * layer may cost over a raw `pulumi preview` (issue 15: ≤ 1.05×).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EventLogTail } from "./event-log";
import type { EngineEvent } from "./events";

export interface PulumiCli {
  /** `pulumi`, or the absolute path of an installation's `bin/pulumi`. */
  readonly command: string;
  readonly cwd: string;
  /** The whole environment of the process (not merged with process.env here). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface PulumiRunOptions {
  /** Receives the engine's events, in order, while the command runs. */
  readonly onEvent?: (event: EngineEvent) => void;
  /** Sends SIGINT, which the engine answers by cancelling cleanly (as Ctrl-C does). */
  readonly signal?: AbortSignal;
  /**
   * Runs the command at the lowest CPU priority: a read that runs beside an engine
   * operation then uses the cores the engine leaves idle instead of slowing it down.
   */
  readonly background?: boolean;
}

/** What a CLI failure carries; `classifyError` reads its message (the engine's `error:` lines). */
export class PulumiCommandError extends Error {
  override readonly name = "PulumiCommandError";
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    // The engine's own lines start their own lines: `classifyError` picks out the `error:` ones.
    super([`\`pulumi ${args[0] ?? ""}\` exited with ${exitCode === null ? "a signal" : `code ${exitCode}`}`, stderr.trim(), stdout.trim()].filter(Boolean).join("\n"));
  }
}

/**
 * Output kept of an engine operation, for its error message: a preview of thousands of
 * resources prints megabytes of display. A data command (`stack export`) keeps all of it.
 */
const KEEP_CHARS = 256 * 1024;

export function cliEnvironment(command: string, env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  // `--event-log` is a hidden flag, accepted only with PULUMI_DEBUG_COMMANDS (as the Automation API sets it).
  const withFlags = { ...env, PULUMI_DEBUG_COMMANDS: "true" };
  if (!path.isAbsolute(command)) return withFlags;
  return { ...withFlags, PATH: [path.dirname(command), env.PATH].filter(Boolean).join(path.delimiter) };
}

export async function runPulumi(cli: PulumiCli, args: readonly string[], options: PulumiRunOptions = {}): Promise<{ stdout: string; stderr: string }> {
  if (options.signal?.aborted) throw new Error("operation aborted before the engine started");
  const eventDir = options.onEvent ? fs.mkdtempSync(path.join(os.tmpdir(), "gitops-events-")) : undefined;
  const eventFile = eventDir ? path.join(eventDir, "events.jsonl") : undefined;
  const tail = eventFile && options.onEvent ? new EventLogTail(eventFile, options.onEvent) : undefined;
  const fullArgs = [...args, "--non-interactive", ...(eventFile ? ["--event-log", eventFile] : [])];
  try {
    const child = spawn(cli.command, fullArgs, { cwd: cli.cwd, env: cliEnvironment(cli.command, cli.env), stdio: ["ignore", "pipe", "pipe"] });
    if (options.background && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 19);
      } catch {
        // A platform without priorities only loses the optimisation.
      }
    }
    let stdout = "";
    let stderr = "";
    const keep = (text: string): string => (tail && text.length > KEEP_CHARS ? text.slice(-KEEP_CHARS) : text);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout = keep(stdout + chunk)));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = keep(stderr + chunk)));
    const cancel = (): void => void child.kill("SIGINT");
    options.signal?.addEventListener("abort", cancel, { once: true });
    tail?.start();
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    }).finally(() => options.signal?.removeEventListener("abort", cancel));
    if (exitCode !== 0) {
      // The events up to the failure still reach the listener; the CLI's own error says more than a torn last line.
      tail?.finish({ rethrow: false });
      throw new PulumiCommandError(args, exitCode, stderr, stdout);
    }
    tail?.finish();
    return { stdout, stderr };
  } finally {
    tail?.stop();
    if (eventDir) fs.rmSync(eventDir, { recursive: true, force: true });
  }
}
