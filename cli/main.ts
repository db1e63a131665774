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
import { registerBoundaryCommand } from "./commands/boundary";
import { registerCommentCommand } from "./commands/comment";
import { registerDeployCommand } from "./commands/deploy";
import { registerDriftCommand } from "./commands/drift";
import { registerLabCommands } from "./commands/lab";
import { registerLintCommands } from "./commands/lint";
import { registerNewAppCommand } from "./commands/new-app";
import { registerPreviewCommand } from "./commands/preview";
import { registerRollbackCommands } from "./commands/rollback";
import { registerStartCommand } from "./commands/start";

export type { CliIo } from "../automation/cli/runtime";
export { EXIT } from "../automation/cli/runtime";

export function buildProgram(runtime: CommandRuntime): Command {
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
  registerPreviewCommand(program, runtime);
  registerDeployCommand(program, runtime);
  registerDriftCommand(program, runtime);
  registerCommentCommand(program, runtime);
  registerStartCommand(program, runtime);
  registerBoundaryCommand(program, runtime);
  registerRollbackCommands(program, runtime);
  // Commands owned by the GitOps-content and lab side; they report through process.exitCode.
  registerLintCommands(program);
  registerNewAppCommand(program);
  registerLabCommands(program);
  return program;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const runtime = createRuntime(io);
  const program = buildProgram(runtime);
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
