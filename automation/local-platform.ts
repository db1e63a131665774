/**
 * The offline default, end to end: the lab control plane, then the `local`
 * stack deployed onto it with the real engine, then the checks a platform
 * engineer would run next (a preview that must be empty, a drift check that
 * must be clean). Returns typed results; prints nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { type LabOptions, type LabUpResult, labPaths, labUp } from "../lab";
import { deploy } from "./deploy";
import { detectDrift } from "./drift";
import type { LocalEngineOptions } from "./engine/local";
import { ConfigurationError } from "./errors";
import type { ProgressUpdate } from "./operation";
import { preview } from "./preview";
import type { DeployReport, DriftReport, PreviewReport } from "./types";

/** The lab stack's passphrase: it guards nothing secret (a loopback lab's own certificates), so it is public. */
export const LOCAL_STACK_PASSPHRASE = "gitops-lab";

export interface LocalPlatformOptions {
  /** Directory with Pulumi.yaml. Default: the current directory. */
  readonly workDir?: string;
  /** Stack to deploy onto the lab. Default "local". */
  readonly stack?: string;
  /** Lab settings (state directory, ports, binaries). Default: the lab's own defaults. */
  readonly lab?: LabOptions;
  /** Pulumi CLI location and home. Default: `pulumi` on PATH and its home. */
  readonly engine?: Omit<LocalEngineOptions, "envVars">;
  /** State backend. Default: `file://<lab state dir>/pulumi-state`, next to the lab it describes. */
  readonly backendUrl?: string;
  readonly onProgress?: (update: LocalPlatformProgress) => void;
  readonly signal?: AbortSignal;
}

export type LocalPlatformProgress =
  | { readonly kind: "step"; readonly step: "lab" | "stack" | "deploy" | "preview" | "drift"; readonly detail: string }
  | { readonly kind: "lab"; readonly message: string }
  | { readonly kind: "engine"; readonly update: ProgressUpdate };

export interface LocalPlatformReport {
  readonly lab: LabUpResult;
  readonly kubeconfig: string;
  readonly backendUrl: string;
  readonly stackCreated: boolean;
  readonly deploy: DeployReport;
  /** The preview right after `up`: must show no changes. */
  readonly preview: PreviewReport;
  /** The drift check right after `up`: must be clean. */
  readonly drift: DriftReport;
  readonly timingsMs: Readonly<Record<"lab" | "deploy" | "preview" | "drift", number>>;
  /** Deployed, nothing left to change, no drift. */
  readonly ok: boolean;
}

export async function startLocalPlatform(options: LocalPlatformOptions = {}): Promise<LocalPlatformReport> {
  const workDir = options.workDir ?? process.cwd();
  const stack = options.stack ?? "local";
  const progress = options.onProgress ?? (() => {});
  const paths = labPaths(options.lab);
  requireLabKubeconfig(workDir, stack, paths.kubeconfig);

  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = Date.now();
    return [await run(), Date.now() - started];
  };

  progress({ kind: "step", step: "lab", detail: `starting the control plane in ${paths.stateDir}` });
  const [lab, labMs] = await timed(() => labUp({ ...options.lab, progress: (message: string) => progress({ kind: "lab", message }) }));

  const stateDir = path.join(paths.stateDir, "pulumi-state");
  fs.mkdirSync(stateDir, { recursive: true });
  const backendUrl = options.backendUrl ?? `file://${stateDir}`;
  const envVars = { PULUMI_BACKEND_URL: backendUrl, PULUMI_CONFIG_PASSPHRASE: LOCAL_STACK_PASSPHRASE };
  progress({ kind: "step", step: "stack", detail: `stack ${stack} in ${backendUrl}` });
  const stackCreated = await ensureStack({ workDir, stack, engine: { ...options.engine, envVars } });

  const common = {
    workDir,
    stacks: [stack],
    engine: { ...options.engine, envVars },
    onProgress: (update: ProgressUpdate) => progress({ kind: "engine", update }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  progress({ kind: "step", step: "deploy", detail: `pulumi up ${stack}` });
  const [deployed, deployMs] = await timed(() => deploy(common));
  progress({ kind: "step", step: "preview", detail: "a second preview must show no changes" });
  const [previewed, previewMs] = await timed(() => preview(common));
  progress({ kind: "step", step: "drift", detail: "a drift check must be clean" });
  const [drift, driftMs] = await timed(() => detectDrift(common));

  return {
    lab,
    kubeconfig: paths.kubeconfig,
    backendUrl,
    stackCreated,
    deploy: deployed,
    preview: previewed,
    drift,
    timingsMs: { lab: labMs, deploy: deployMs, preview: previewMs, drift: driftMs },
    ok: deployed.ok && previewed.ok && !previewed.hasChanges && drift.ok && !drift.drifted,
  };
}

/** The stack config must point at the kubeconfig this lab writes, or `up` would target another cluster. */
function requireLabKubeconfig(workDir: string, stack: string, kubeconfig: string): void {
  const file = path.join(workDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new ConfigurationError(`${file} not found: the local platform needs a stack file for "${stack}"`);
  // The program validates the whole config; here we only guard the one path that must match.
  const cluster = (parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, any> }).config?.["gitops-platform:cluster"];
  const configured = typeof cluster?.kubeconfig === "string" ? cluster.kubeconfig.replace(/^~(?=\/)/, os.homedir()) : undefined;
  if (cluster?.mode !== "existing" || path.resolve(configured ?? "") !== path.resolve(kubeconfig))
    throw new ConfigurationError(
      `${path.basename(file)}: gitops-platform:cluster must be {mode: existing, kubeconfig: ${kubeconfig}} to deploy onto this lab (found ${JSON.stringify(cluster)})`,
    );
}

/** Creates the stack on first use; returns whether it was created. */
async function ensureStack(input: { workDir: string; stack: string; engine: LocalEngineOptions }): Promise<boolean> {
  const automation = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  const pulumiCommand = input.engine.pulumiRoot ? await automation.PulumiCommand.get({ root: input.engine.pulumiRoot }) : undefined;
  const workspace = await automation.LocalWorkspace.create({
    workDir: input.workDir,
    envVars: { ...input.engine.envVars },
    ...(input.engine.pulumiHome ? { pulumiHome: input.engine.pulumiHome } : {}),
    ...(pulumiCommand ? { pulumiCommand } : {}),
  });
  const existing = await workspace.listStacks();
  if (existing.some((s) => s.name === input.stack)) return false;
  await workspace.createStack(input.stack);
  return true;
}
