/**
 * `gitops new-app <name>`: scaffolds an app (base, overlays, Applications,
 * tenant namespaces) through gitops/scaffold, which plans everything in memory
 * and writes nothing when it refuses.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { readRepository } from "../../gitops/repo/repository";
import { NewAppError, planNewApp, writeNewApp } from "../../gitops/scaffold/new-app";
import { DEFAULT_IMAGE, DEFAULT_PORT } from "../../gitops/scaffold/templates";
import { processIo, type CommandIo } from "./lint";

export interface NewAppCommandOptions {
  /** Repository root; default: the current directory. */
  readonly root?: string;
  /** Owning team; default: the app name. */
  readonly team?: string;
  /** Namespace; default: the app name. */
  readonly namespace?: string;
  /** Pinned image; default: DEFAULT_IMAGE. */
  readonly image?: string;
  /** Container port; default: DEFAULT_PORT. */
  readonly port?: string;
}

export async function runNewApp(name: string, options: NewAppCommandOptions, io: CommandIo = processIo): Promise<number> {
  const root = resolve(options.root ?? process.cwd());
  if (options.port !== undefined && !/^\d+$/.test(options.port)) {
    io.stderr(`gitops new-app: --port ${options.port} is not a port number`);
    return 1;
  }
  try {
    const plan = planNewApp(await readRepository(root), {
      app: name,
      ...(options.team !== undefined ? { team: options.team } : {}),
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.image !== undefined ? { image: options.image } : {}),
      ...(options.port !== undefined ? { port: Number(options.port) } : {}),
    });
    await writeNewApp(root, plan);
    for (const path of plan.created.keys()) io.stdout(`created ${path}`);
    for (const path of plan.updated.keys()) io.stdout(`updated ${path}`);
    io.stderr(`gitops new-app: ${name} added; review with \`git diff\`, then run \`gitops lint\``);
    return 0;
  } catch (error) {
    if (error instanceof NewAppError) {
      io.stderr(error.message);
      return 1;
    }
    throw error;
  }
}

export function registerNewAppCommand(program: Command): void {
  program
    .command("new-app")
    .description("scaffold an app: base, one overlay and Application per environment, and its tenant namespace in each stack")
    .argument("<name>", "app name (a DNS label)")
    .option("--root <dir>", "repository root (default: current directory)")
    .option("--team <team>", "team owning the namespace (default: the app name)")
    .option("--namespace <namespace>", "namespace to deploy into (default: the app name)")
    .option("--image <image>", `container image pinned by tag or digest (default: ${DEFAULT_IMAGE})`)
    .option("--port <port>", `container HTTP port serving /healthz and /readyz (default: ${DEFAULT_PORT})`)
    .action(async (name: string, options: NewAppCommandOptions) => {
      process.exitCode = await runNewApp(name, options);
    });
}
