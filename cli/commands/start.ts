/**
 * `gitops start` (what `npm start` runs): the offline default. Lab control plane,
 * the `local` stack deployed onto it with the real engine, then a no-change
 * preview and a clean drift check. Exit 0 when all of that holds, 1 otherwise.
 */
import type { Command } from "commander";
import { type CommandRuntime, EXIT } from "../../automation/cli/runtime";
import { engineFromToolchain } from "../../automation/engine/toolchain";
import { type LocalPlatformProgress, startLocalPlatform } from "../../automation/local-platform";
import { renderLocalPlatformReport } from "../../automation/render/local-platform";

interface StartOptions {
  readonly stack: string;
  readonly stateDir?: string;
  readonly json?: boolean;
}

export function registerStartCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command("start")
    .description("bring up the offline lab and deploy the local stack onto it with the real engine; then preview (no changes) and drift-check (clean)")
    .option("--stack <name>", "stack to deploy onto the lab", "local")
    .option("--state-dir <dir>", "lab state directory (default: $GITOPS_LAB_DIR, else ~/.cache/gitops-platform/lab)")
    .option("--json", "print the report as JSON on stdout (default: text)")
    .action(async (options: StartOptions) => {
      runtime.exitCode = await start(runtime, options);
    });
}

function describe(update: LocalPlatformProgress): string | undefined {
  if (update.kind === "step") return `${update.step}: ${update.detail}`;
  if (update.kind === "lab") return `lab: ${update.message}`;
  const u = update.update;
  if (u.kind === "retrying") return `engine: ${u.stack} locked, retrying in ${Math.round(u.delayMs / 1000)} s`;
  if (u.kind === "finished") return `engine: ${u.stack} ${u.operation} ${u.status}${u.error ? `: ${u.error}` : ""}`;
  return undefined;
}

async function start(runtime: CommandRuntime, options: StartOptions): Promise<number> {
  const { io } = runtime;
  try {
    const report = await startLocalPlatform({
      workDir: runtime.cwd,
      stack: options.stack,
      lab: { ...(options.stateDir ? { stateDir: options.stateDir } : {}), env: { ...io.env } as NodeJS.ProcessEnv },
      engine: engineFromToolchain({ ...io.env } as NodeJS.ProcessEnv),
      onProgress: (update) => {
        const line = describe(update);
        if (line) io.stderr.write(`gitops start: ${line}\n`);
      },
      ...(io.signal ? { signal: io.signal } : {}),
    });
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderLocalPlatformReport(report));
    return report.ok ? EXIT.ok : EXIT.error;
  } catch (error) {
    io.stderr.write(`gitops start: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
}
