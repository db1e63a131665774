/**
 * The real seam: a stack of the `pulumi` CLI in a work directory, run directly
 * (see pulumi-cli.ts for why not through the Automation API's workspace). One
 * selector keeps one adapter per stack, so the operations of one command share
 * it and its reads: one `pulumi config` and one read of the outputs per stack,
 * however many operations run.
 */
import * as path from "node:path";
import { labStackEnvVars } from "./lab-stack";
import { type StackFile, mayHoldSecrets, readStackFile } from "./stack-file";
import { type PulumiCli, runPulumi } from "./pulumi-cli";
import type { EngineOperationOptions, EngineStack, SelectStack } from "./stack";
import { type StackOutputs, parseStackOutputs } from "./stack-outputs";

export interface LocalEngineOptions {
  /**
   * Installation root holding `bin/pulumi` (e.g. the toolchain's cache directory).
   * Default: the `pulumi` found on PATH.
   */
  readonly pulumiRoot?: string;
  /** PULUMI_HOME for plugins and credentials; default: the CLI's own (`~/.pulumi`). */
  readonly pulumiHome?: string;
  /**
   * The environment the engine starts from; default: `process.env` at the time
   * the stack is selected. Only used to decide which engine defaults to add.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Variables set for the engine on top of its defaults, e.g. PULUMI_BACKEND_URL. Default: none. */
  readonly envVars?: Readonly<Record<string, string>>;
}

/** Engine settings we want in CI unless the user chose otherwise. */
const ENGINE_DEFAULTS: Readonly<Record<string, string>> = {
  // No network round trip to check for a newer CLI on every operation.
  PULUMI_SKIP_UPDATE_CHECK: "true",
  // Plugins come from the toolchain; a silent download would hide a broken pin.
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  // `tsc --noEmit` type-checks the program in CI; ts-node repeating it costs ~10 s per operation.
  PULUMI_NODEJS_TRANSPILE_ONLY: "true",
};

/** The variables to add to the engine's environment: each default the user has not set. */
export function engineEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(ENGINE_DEFAULTS)) {
    if (env[name] === undefined || env[name] === "") added[name] = value;
  }
  return added;
}

export function localStackSelector(options: LocalEngineOptions = {}): SelectStack {
  const stacks = new Map<string, EngineStack>();
  return async ({ stackName, workDir }) => {
    const key = JSON.stringify([path.resolve(workDir), stackName]);
    let stack = stacks.get(key);
    if (!stack) {
      stack = cliStack(options, stackName, workDir);
      stacks.set(key, stack);
    }
    return stack;
  };
}

/**
 * The CLI as the library runs it for a work directory: the installation's `pulumi`, the engine
 * defaults the user has not set, and, for a lab stack, the lab's backend and passphrase.
 */
export function localCli(options: LocalEngineOptions, workDir: string, stackFile?: StackFile): PulumiCli {
  return {
    command: options.pulumiRoot ? path.resolve(options.pulumiRoot, "bin", "pulumi") : "pulumi",
    cwd: workDir,
    env: {
      ...process.env,
      ...engineEnvironment(options.env ?? process.env),
      // A lab stack finds its state and passphrase by itself, as `gitops start` left them.
      ...labStackEnvVars({ file: stackFile, env: { ...process.env, ...options.env } }),
      ...options.envVars,
      ...(options.pulumiHome ? { PULUMI_HOME: options.pulumiHome } : {}),
    },
  };
}

function cliStack(options: LocalEngineOptions, stackName: string, workDir: string): EngineStack {
  const stackFile = readStackFile(workDir, stackName);
  const cli = localCli(options, workDir, stackFile);
  const stackArgs = ["--stack", stackName, "--color", "never"];
  const operation = (args: string[], op: EngineOperationOptions) =>
    runPulumi(
      cli,
      [
        ...args,
        ...stackArgs,
        ...(op.parallel !== undefined ? ["--parallel", String(op.parallel)] : []),
        ...(op.message !== undefined ? ["--message", op.message] : []),
        ...(op.exclude ?? []).flatMap((urn) => ["--exclude", urn]),
      ],
      { onEvent: op.onEvent, ...(op.signal ? { signal: op.signal } : {}) },
    );
  // Each read runs at most once per adapter, unless it failed; `up` changes the outputs, so it forgets those.
  let config: Promise<string[]> | undefined;
  let outputs: Promise<StackOutputs> | undefined;
  const readOutputs = async (): Promise<StackOutputs> => {
    const [masked, plain] = await Promise.all([
      runPulumi(cli, ["stack", "output", "--json", ...stackArgs], { background: true }),
      runPulumi(cli, ["stack", "output", "--json", "--show-secrets", ...stackArgs], { background: true }),
    ]);
    return parseStackOutputs(masked.stdout, plain.stdout);
  };
  const once = <T>(read: () => Promise<T>, forget: () => void): Promise<T> => read().catch((error: unknown) => (forget(), Promise.reject(error)));
  const currentOutputs = (): Promise<StackOutputs> => (outputs ??= once(readOutputs, () => (outputs = undefined)));
  return {
    name: stackName,
    preview: async (op) => void (await operation(["preview"], op)),
    previewRefresh: async (op) => void (await operation(["refresh", "--preview-only"], op)),
    up: async (op) => {
      outputs = undefined;
      await operation(["up", "--yes", "--skip-preview", "--suppress-outputs", ...(op.refresh ? ["--refresh"] : [])], op);
      return { outputs: (await currentOutputs()).outputs };
    },
    secretConfigValues: () =>
      (config ??= once(async () => {
        if (!mayHoldSecrets(stackFile)) return [];
        const entries = JSON.parse((await runPulumi(cli, ["config", "--show-secrets", "--json", ...stackArgs], { background: true })).stdout) as Record<string, { value?: unknown; secret?: boolean }>;
        return Object.values(entries)
          .filter((entry) => entry.secret && typeof entry.value === "string")
          .map((entry) => entry.value as string);
      }, () => (config = undefined))),
    outputs: currentOutputs,
  };
}
