/**
 * The offline default, end to end: the lab (control plane, simulated nodes, Git remote)
 * with this checkout published to its remote, then the `local` stack deployed onto it
 * with the real engine (which installs Argo CD and hands over to it), then Argo CD's
 * controllers, until every Application is Synced to the published commit and Healthy, then
 * the checks a platform engineer would run next (a preview that must be empty, a drift
 * check that must be clean). Returns typed results; prints nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { type ApplicationStatus, KubeClient, type LabOptions, type LabUpResult, labPaths, labUp } from "../lab";
import { waitForApplications } from "../lab/argocd-sync";
import { deploy } from "./deploy";
import { detectDrift } from "./drift";
import { type LocalEngineOptions, localCli, localStackSelector } from "./engine/local";
import { runPulumi } from "./engine/pulumi-cli";
import { LOCAL_STACK_PASSPHRASE } from "./engine/lab-stack";
import { toolchainBinDir } from "./engine/toolchain";
import { ConfigurationError } from "./errors";
import { Redactor } from "./redact";
import type { ProgressUpdate } from "./operation";
import { preview } from "./preview";
import type { DeployReport, DriftReport, PreviewReport } from "./types";

export { LOCAL_STACK_PASSPHRASE } from "./engine/lab-stack";

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
  /** How long to wait for Argo CD to sync everything after `up`. Default 300 s. */
  readonly reconcileTimeoutMs?: number;
  readonly onProgress?: (update: LocalPlatformProgress) => void;
  readonly signal?: AbortSignal;
}

export type LocalPlatformProgress =
  | { readonly kind: "step"; readonly step: "lab" | "stack" | "deploy" | "argocd" | "checks"; readonly detail: string }
  | { readonly kind: "lab"; readonly message: string }
  | { readonly kind: "engine"; readonly update: ProgressUpdate };

export interface LocalPlatformReport {
  readonly lab: LabUpResult;
  /** The commit published to the lab's Git remote, which Argo CD syncs. */
  readonly commit: string;
  /** Every Application, Synced to `commit` and Healthy (when Argo CD runs). */
  readonly applications: readonly ApplicationStatus[];
  readonly kubeconfig: string;
  /** Where kubectl and the other toolchain binaries are, for the commands a user runs next. */
  readonly toolchainBin?: string;
  readonly backendUrl: string;
  readonly stackCreated: boolean;
  readonly deploy: DeployReport;
  /** The preview right after `up`: must show no changes. */
  readonly preview: PreviewReport;
  /** The drift check right after `up`: must be clean. */
  readonly drift: DriftReport;
  /** `checks` is the wall time of the preview and the drift check, which run side by side. */
  readonly timingsMs: Readonly<Record<"lab" | "deploy" | "argocd" | "preview" | "drift" | "checks", number>>;
  /** Deployed, Argo CD synced and healthy, nothing left to change, no drift. */
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

  const labProgress = (message: string): void => progress({ kind: "lab", message });
  progress({ kind: "step", step: "lab", detail: `starting the lab in ${paths.stateDir}` });
  const [lab, labMs] = await timed(() => labUp({ ...options.lab, publishFrom: workDir, progress: labProgress }));
  const commit = lab.published?.commit ?? "";

  const stateDir = path.join(paths.stateDir, "pulumi-state");
  fs.mkdirSync(stateDir, { recursive: true });
  const backendUrl = options.backendUrl ?? `file://${stateDir}`;
  const envVars = { PULUMI_BACKEND_URL: backendUrl, PULUMI_CONFIG_PASSPHRASE: LOCAL_STACK_PASSPHRASE };
  progress({ kind: "step", step: "stack", detail: `stack ${stack} in ${backendUrl}` });
  const stackCreated = await ensureStack({ workDir, stack, engine: { ...options.engine, envVars } });

  // One engine seam and one redactor for every operation: the stack's secrets are read once.
  const common = {
    workDir,
    stacks: [stack],
    selectStack: localStackSelector({ ...options.engine, envVars }),
    redactor: new Redactor(),
    onProgress: (update: ProgressUpdate) => progress({ kind: "engine", update }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  progress({ kind: "step", step: "deploy", detail: `pulumi up ${stack}` });
  const [deployed, deployMs] = await timed(() => deploy(common));

  // Pulumi has installed Argo CD: start its controllers and wait for them to sync this commit.
  let applications: ApplicationStatus[] = [];
  let argocdMs = 0;
  if (deployed.ok && options.lab?.argocd !== false) {
    progress({ kind: "step", step: "argocd", detail: `starting Argo CD; waiting for every Application to sync ${commit.slice(0, 12)}` });
    [applications, argocdMs] = await timed(async () => {
      await labUp({ ...options.lab, progress: labProgress });
      const client = KubeClient.fromKubeconfig(paths.kubeconfig);
      let shown = "";
      const { applications: apps } = await waitForApplications(client, { revision: commit, required: [`root-${stack}`] }, {
        timeoutMs: options.reconcileTimeoutMs ?? 300_000,
        onWaiting: (waiting) => {
          const line = waiting.join("; ");
          if (line !== shown) progress({ kind: "lab", message: `argocd: waiting for ${line}` });
          shown = line;
        },
      });
      return apps;
    });
  }

  // Both only read: the engine runs them side by side on the same stack.
  progress({ kind: "step", step: "checks", detail: "a second preview must show no changes and a drift check must be clean" });
  const [[[previewed, previewMs], [drift, driftMs]], checksMs] = await timed(() => Promise.all([timed(() => preview(common)), timed(() => detectDrift(common))]));

  const toolchainBin = toolchainBinDir(options.lab?.env);
  return {
    lab,
    commit,
    applications,
    kubeconfig: paths.kubeconfig,
    ...(toolchainBin ? { toolchainBin } : {}),
    backendUrl,
    stackCreated,
    deploy: deployed,
    preview: previewed,
    drift,
    timingsMs: { lab: labMs, deploy: deployMs, argocd: argocdMs, preview: previewMs, drift: driftMs, checks: checksMs },
    ok: deployed.ok && (options.lab?.argocd === false || applications.length > 0) && previewed.ok && !previewed.hasChanges && drift.ok && !drift.drifted,
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
  const cli = localCli(input.engine, input.workDir);
  const listed = JSON.parse((await runPulumi(cli, ["stack", "ls", "--json"])).stdout) as { name: string }[];
  if (listed.some((s) => s.name === input.stack)) return false;
  await runPulumi(cli, ["stack", "init", input.stack, "--no-select"]);
  return true;
}
