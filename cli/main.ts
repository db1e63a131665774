/**
 * The `gitops` command line. `run(argv, io)` parses arguments, runs one
 * command and returns its exit code; it never calls process.exit, so tests
 * drive it in-process with their own streams, environment and services.
 *
 * Exit codes:
 *   preview  0 every affected stack previewed · 1 an error (stack failure, bad arguments, comment not posted)
 *   deploy   0 every stack deployed · 1 a failure, a refusal (branch moved) or bad arguments
 *   drift    0 clean · 2 drift found · 1 an error (an error wins over drift)
 *   comment  as the merged operation: preview 0/1, drift 0/2/1; a stack that left no report is an error
 *   boundary 0 clean · 1 violations (they win) · 2 not checked (bad arguments, unreachable
 *            cluster, unreadable resource types): the issue asks for 1 on violations, so
 *            "could not tell" takes 2, as in diff(1)
 *   rollback-drill, rollout  0 passed · 2 failed (reverted, revert PR opened, timed out) · 1 an error or a refusal
 */
import { Command, CommanderError } from "commander";
import { type CliIo, type CommandRuntime, EXIT, createRuntime } from "../automation/cli/runtime";

/**
 * Each command's module, loaded only when that command runs (or for help): CI
 * pays for `gitops preview`'s start-up on every pull request, and the other
 * commands' dependencies (the lab, the linters, Octokit) would double it.
 */
type Register = (program: Command, runtime: CommandRuntime) => void;
const COMMANDS: ReadonlyArray<readonly [names: readonly string[], load: () => Register]> = [
  [["preview"], () => (require("./commands/preview") as typeof import("./commands/preview")).registerPreviewCommand],
  [["deploy"], () => (require("./commands/deploy") as typeof import("./commands/deploy")).registerDeployCommand],
  [["drift"], () => (require("./commands/drift") as typeof import("./commands/drift")).registerDriftCommand],
  [["comment"], () => (require("./commands/comment") as typeof import("./commands/comment")).registerCommentCommand],
  [["start"], () => (require("./commands/start") as typeof import("./commands/start")).registerStartCommand],
  [["boundary"], () => (require("./commands/boundary") as typeof import("./commands/boundary")).registerBoundaryCommand],
  [["rollback-drill", "rollout"], () => (require("./commands/rollback") as typeof import("./commands/rollback")).registerRollbackCommands],
  // Commands owned by the GitOps-content and lab side; they report through process.exitCode.
  [["lint", "generate"], () => (require("./commands/lint") as typeof import("./commands/lint")).registerLintCommands],
  [["new-app"], () => (require("./commands/new-app") as typeof import("./commands/new-app")).registerNewAppCommand],
  [["lab"], () => (require("./commands/lab") as typeof import("./commands/lab")).registerLabCommands],
];

export type { CliIo } from "../automation/cli/runtime";
export { EXIT } from "../automation/cli/runtime";

/** The program with every command, or only `only` when it names one (what `run` uses). */
export function buildProgram(runtime: CommandRuntime, only?: string): Command {
  const { io } = runtime;
  const program = new Command("gitops")
    .description("GitOps platform: preview, deploy and drift-check the Pulumi stacks; lint and scaffold the Argo CD side")
    .showHelpAfterError()
    .addHelpText(
      "after",
      "\nExit codes:\n  preview  0 ok, 1 error\n  deploy   0 ok, 1 error or refusal\n  drift    0 clean, 2 drift, 1 error\n  comment  as the merged operation; a stack without a report is an error\n  boundary 0 clean, 1 violations, 2 not checked\n  rollback-drill, rollout  0 passed, 2 failed (reverted, PR opened, timed out), 1 error or refusal\n",
    )
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) });
  const known = COMMANDS.find(([names]) => only !== undefined && names.includes(only));
  for (const [, load] of known ? [known] : COMMANDS) load()(program, runtime);
  return program;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const runtime = createRuntime(io);
  const program = buildProgram(runtime, argv[0]);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    // A command may name its own code for bad arguments (boundary: 2).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : (runtime.exitCode ?? EXIT.error);
    io.stderr.write(`gitops: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
  if (runtime.exitCode !== undefined) return runtime.exitCode;
  return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
}
