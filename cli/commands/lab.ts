/**
 * `gitops lab up | down | status | publish`: a local Kubernetes lab on 127.0.0.1 (control
 * plane, simulated nodes, a Git remote, Argo CD's controllers) for trying the platform
 * without a cloud account. Thin wrapper over lab/: progress on stderr, the result on stdout
 * (lines or --json). Exit 0 on success (for `status`: when every component is healthy), 1 otherwise.
 */
import type { Command } from "commander";
import { labDown, labPublish, labStatus, labUp, type LabOptions, type LabPorts, type LabStatus } from "../../lab";
import { processIo, type CommandIo } from "./lint";

export interface LabCommandOptions {
  readonly stateDir?: string;
  readonly json?: boolean;
  readonly purge?: boolean;
  readonly etcdPort?: string;
  readonly etcdPeerPort?: string;
  readonly apiserverPort?: string;
  readonly controllerManagerPort?: string;
  /** Seconds `up` waits for readiness. */
  readonly timeout?: string;
  /** commander's negation of --no-argocd. */
  readonly argocd?: boolean;
  /** commander's negation of --no-publish. */
  readonly publish?: boolean;
}

function toLabOptions(options: LabCommandOptions, io: CommandIo): LabOptions {
  const port = (value: string | undefined, flag: string): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${flag} ${value} is not a port number`);
    return n;
  };
  const ports: Partial<Record<keyof LabPorts, number | undefined>> = {
    etcdClient: port(options.etcdPort, "--etcd-port"),
    etcdPeer: port(options.etcdPeerPort, "--etcd-peer-port"),
    apiserver: port(options.apiserverPort, "--apiserver-port"),
    controllerManager: port(options.controllerManagerPort, "--controller-manager-port"),
  };
  const given = Object.fromEntries(Object.entries(ports).filter(([, v]) => v !== undefined)) as Partial<LabPorts>;
  const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new Error(`--timeout ${options.timeout} is not a positive number of seconds`);
  return {
    stateDir: options.stateDir,
    ports: given,
    readyTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
    argocd: options.argocd !== false,
    progress: (message) => io.stderr(`gitops lab: ${message}`),
  };
}

/** Runs a subcommand; any error becomes one message on stderr (and a JSON object with --json) and exit 1. */
async function guarded(name: string, options: LabCommandOptions, io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const message = (error as Error).message;
    io.stderr(`gitops lab ${name}: ${message}`);
    if (options.json) io.stdout(JSON.stringify({ ok: false, error: message, kind: (error as Error).name }, null, 2));
    return 1;
  }
}

export function formatStatus(status: LabStatus): string[] {
  const lines = status.components.map((c) => {
    const pid = c.pid === undefined ? "-" : String(c.pid);
    const notes = [c.state === "running" ? "" : c.health, c.stalePidFile ? "stale pid file" : "", c.outdated ? "flags of an earlier configuration; `up` restarts it" : ""].filter(Boolean);
    const note = notes.length > 0 ? `  (${notes.join("; ")})` : "";
    return `${c.name.padEnd(33)} ${c.state.padEnd(9)} pid ${pid.padEnd(8)} ${c.url}  ports ${c.ports.join(",")}${note}`;
  });
  lines.push(`readyz: ${status.readyz.ok ? "ok" : status.readyz.detail.replace(/\n/g, "\n        ")}`);
  lines.push(`kubeconfig: ${status.kubeconfig} (context ${status.context}, server ${status.server})`);
  if (status.applications.length > 0) {
    lines.push("applications:");
    for (const a of status.applications)
      lines.push(`  ${a.name.padEnd(30)} ${a.sync.padEnd(10)} ${a.health.padEnd(12)} ${a.revision?.slice(0, 12) ?? "-"}${a.operation ? `  (${a.operation})` : ""}`);
  }
  return lines;
}

export function runLabUp(options: LabCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded("up", options, io, async () => {
    const result = await labUp({ ...toLabOptions(options, io), ...(options.publish !== false ? { publishFrom: process.cwd() } : {}) });
    if (options.json) io.stdout(JSON.stringify({ ok: true, ...result }, null, 2));
    else {
      formatStatus(result.status).forEach((line) => io.stdout(line));
      io.stdout(`export KUBECONFIG=${result.status.kubeconfig}`);
    }
    io.stderr(
      result.alreadyRunning
        ? `gitops lab: already running and healthy; nothing to do (${result.durationMs} ms)`
        : `gitops lab: up in ${(result.durationMs / 1000).toFixed(1)} s (started: ${result.started.join(", ") || "none"})`,
    );
    return 0;
  });
}

export function runLabPublish(options: LabCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded("publish", options, io, async () => {
    const result = await labPublish(process.cwd(), toLabOptions(options, io));
    if (options.json) io.stdout(JSON.stringify({ ok: true, ...result }, null, 2));
    else io.stdout(`${result.unchanged ? "already published" : "published"} ${result.commit} to ${result.url} (${result.branch})`);
    if (result.uncommittedChanges) io.stderr("gitops lab: the working tree has uncommitted changes; only the HEAD commit was published");
    return 0;
  });
}

export function runLabDown(options: LabCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded("down", options, io, async () => {
    const result = await labDown({ ...toLabOptions(options, io), purge: options.purge === true });
    if (options.json) io.stdout(JSON.stringify({ ok: true, ...result }, null, 2));
    io.stderr(
      `gitops lab: ${result.stopped.length === 0 ? "nothing was running" : `stopped ${result.stopped.map((s) => `${s.name} (pid ${s.pid})`).join(", ")}`}` +
        `${result.purged ? "; state directory deleted" : "; data kept (--purge deletes it)"} (${result.durationMs} ms)`,
    );
    return 0;
  });
}

export function runLabStatus(options: LabCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded("status", options, io, async () => {
    const status = await labStatus(toLabOptions(options, io));
    if (options.json) io.stdout(JSON.stringify(status, null, 2));
    else formatStatus(status).forEach((line) => io.stdout(line));
    return status.healthy ? 0 : 1;
  });
}

function withLabOptions(command: Command): Command {
  return command
    .option("--state-dir <dir>", "lab state directory (default: $GITOPS_LAB_DIR or ~/.cache/gitops-platform/lab)")
    .option("--json", "print the result as JSON on stdout")
    .option("--etcd-port <port>", "etcd client port on 127.0.0.1 (default: $GITOPS_LAB_ETCD_PORT or 23790)")
    .option("--etcd-peer-port <port>", "etcd peer port on 127.0.0.1 (default: $GITOPS_LAB_ETCD_PEER_PORT or 23800)")
    .option("--apiserver-port <port>", "kube-apiserver port on 127.0.0.1 (default: $GITOPS_LAB_APISERVER_PORT or 26443)")
    .option("--controller-manager-port <port>", "kube-controller-manager port on 127.0.0.1 (default: $GITOPS_LAB_CONTROLLER_MANAGER_PORT or 20257)");
}

export function registerLabCommands(program: Command): void {
  const lab = program
    .command("lab")
    .description("local Kubernetes lab on 127.0.0.1: control plane, simulated nodes (KWOK), a Git remote and Argo CD's controllers");
  withLabOptions(lab.command("up").description("start the lab, or repair it, and publish this checkout's HEAD to its Git remote; a no-op when it is already healthy"))
    .option("--timeout <seconds>", "how long to wait for readiness (default: 120)")
    .option("--no-argocd", "leave Argo CD's controllers out (they start once the local stack installed Argo CD)")
    .option("--no-publish", "do not publish this checkout's HEAD to the lab's Git remote")
    .action(async (options: LabCommandOptions) => {
      process.exitCode = await runLabUp(options);
    });
  withLabOptions(lab.command("down").description("stop the lab; keeps certificates and etcd data unless --purge"))
    .option("--purge", "also delete the state directory (certificates, etcd data, logs)")
    .action(async (options: LabCommandOptions) => {
      process.exitCode = await runLabDown(options);
    });
  withLabOptions(lab.command("publish").description("publish this checkout's HEAD commit to the lab's Git remote (branch main), which Argo CD syncs"))
    .action(async (options: LabCommandOptions) => {
      process.exitCode = await runLabPublish(options);
    });
  withLabOptions(lab.command("status").description("report each component, the apiserver's /readyz, the kubeconfig and Argo CD's Applications; exit 1 unless healthy"))
    .action(async (options: LabCommandOptions) => {
      process.exitCode = await runLabStatus(options);
    });
}
