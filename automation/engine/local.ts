/**
 * The real seam: `LocalWorkspace.selectStack` from `@pulumi/pulumi/automation`,
 * loaded on first use so that tests and `gitops --help` never pay for it (~1 s).
 */
import { labStackEnvVars } from "./lab-stack";
import type { EngineStack, SelectStack } from "./stack";

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
  return async ({ stackName, workDir }) => {
    // `require`, not `import()`: under tsx a dynamic import stays a native ESM
    // import, which cannot load the SDK's directory entry point.
    const automation = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    const pulumiCommand = options.pulumiRoot
      ? await automation.PulumiCommand.get({ root: options.pulumiRoot })
      : undefined;
    const stack = await automation.LocalWorkspace.selectStack(
      { stackName, workDir },
      {
        envVars: {
          ...engineEnvironment(options.env ?? process.env),
          // A lab stack finds its state and passphrase by itself, as `gitops start` left them.
          ...labStackEnvVars({ workDir, stackName, env: { ...process.env, ...options.env } }),
          ...options.envVars,
        },
        ...(options.pulumiHome ? { pulumiHome: options.pulumiHome } : {}),
        ...(pulumiCommand ? { pulumiCommand } : {}),
      },
    );
    const adapted: EngineStack = {
      name: stackName,
      preview: async (op) => {
        await stack.preview({ ...op, color: "never" });
      },
      up: async (op) => {
        const result = await stack.up({ ...op, color: "never", suppressOutputs: true });
        return { outputs: result.outputs };
      },
      previewRefresh: async (op) => {
        await stack.previewRefresh({ ...op, color: "never" });
      },
      secretConfigValues: async () => {
        const config = await stack.getAllConfig();
        return Object.values(config)
          .filter((entry) => entry.secret)
          .map((entry) => entry.value);
      },
      secretOutputValues: async () => {
        const outputs = await stack.outputs();
        return Object.values(outputs)
          .filter((output) => output.secret)
          .map((output) => output.value);
      },
    };
    return adapted;
  };
}
