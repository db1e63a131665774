/**
 * LabConfig: everything `lab up/down/status` needs to know, resolved once from the
 * caller's options, then the environment, then defaults. Pure apart from reading env
 * and the home directory, so it is unit-tested directly.
 */
import * as os from "node:os";
import * as path from "node:path";

/** Loopback ports the lab listens on. Each is configurable so two labs (or a test run beside a user's lab) never collide. */
export interface LabPorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiserver: number;
  /** kube-controller-manager's secure (healthz) port. */
  readonly controllerManager: number;
  /** kube-scheduler's secure (healthz) port. */
  readonly scheduler: number;
  /** KWOK's server (healthz, metrics). */
  readonly kwok: number;
  /** `git daemon`: the lab's Git remote, git://127.0.0.1:<port>/<repository>.git. */
  readonly gitDaemon: number;
  readonly redis: number;
  /** Argo CD's repo server (gRPC) and its metrics/healthz port. */
  readonly repoServer: number;
  readonly repoServerMetrics: number;
  /** Argo CD's application controller: metrics and /healthz. */
  readonly applicationControllerMetrics: number;
  /** Argo CD's ApplicationSet controller: metrics, probes (/healthz) and its webhook listener. */
  readonly applicationSetMetrics: number;
  readonly applicationSetProbe: number;
  readonly applicationSetWebhook: number;
}

export const DEFAULT_PORTS: LabPorts = {
  etcdClient: 23790,
  etcdPeer: 23800,
  apiserver: 26443,
  controllerManager: 20257,
  scheduler: 20259,
  kwok: 20247,
  gitDaemon: 29418,
  redis: 26379,
  repoServer: 28081,
  repoServerMetrics: 28084,
  applicationControllerMetrics: 28082,
  applicationSetMetrics: 28085,
  applicationSetProbe: 28086,
  applicationSetWebhook: 28087,
};

/** Environment variable overriding each port. */
export const PORT_ENV: Readonly<Record<keyof LabPorts, string>> = {
  etcdClient: "GITOPS_LAB_ETCD_PORT",
  etcdPeer: "GITOPS_LAB_ETCD_PEER_PORT",
  apiserver: "GITOPS_LAB_APISERVER_PORT",
  controllerManager: "GITOPS_LAB_CONTROLLER_MANAGER_PORT",
  scheduler: "GITOPS_LAB_SCHEDULER_PORT",
  kwok: "GITOPS_LAB_KWOK_PORT",
  gitDaemon: "GITOPS_LAB_GIT_PORT",
  redis: "GITOPS_LAB_REDIS_PORT",
  repoServer: "GITOPS_LAB_REPO_SERVER_PORT",
  repoServerMetrics: "GITOPS_LAB_REPO_SERVER_METRICS_PORT",
  applicationControllerMetrics: "GITOPS_LAB_APPLICATION_CONTROLLER_PORT",
  applicationSetMetrics: "GITOPS_LAB_APPLICATIONSET_METRICS_PORT",
  applicationSetProbe: "GITOPS_LAB_APPLICATIONSET_PROBE_PORT",
  applicationSetWebhook: "GITOPS_LAB_APPLICATIONSET_WEBHOOK_PORT",
};

/** Paths of the lab's binaries; unset ones are resolved by lab/binaries.ts. */
export interface LabBinaryPaths {
  readonly etcd?: string;
  readonly kubeApiserver?: string;
  readonly kubeControllerManager?: string;
  readonly kubeScheduler?: string;
  readonly kwok?: string;
  readonly git?: string;
  readonly redisServer?: string;
  readonly argocd?: string;
  readonly helm?: string;
  readonly kustomize?: string;
}

/** Progress messages for a human; the library itself never prints. */
export type LabProgress = (message: string) => void;

export interface LabOptions {
  /** Where certificates, etcd data, logs and pid files live. Default: $GITOPS_LAB_DIR, then ~/.cache/gitops-platform/lab. */
  readonly stateDir?: string;
  readonly ports?: Partial<LabPorts>;
  readonly binaries?: LabBinaryPaths;
  /** How long `up` waits for readiness (and the default ServiceAccount). Default 120 s: a cold start on 2 busy cores takes ~20 s. */
  readonly readyTimeoutMs?: number;
  /** A live process failing its health check this long is considered hung and restarted. Default 15 s. */
  readonly unhealthyGraceMs?: number;
  /** How long `down` waits after SIGTERM before SIGKILL. Default 10 s. */
  readonly stopTimeoutMs?: number;
  /** Service CIDR; its first address is the `kubernetes` Service IP and goes into the serving cert. */
  readonly serviceCidr?: string;
  readonly progress?: LabProgress;
  /** Environment to read overrides from; default process.env (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Run Argo CD's controllers (once Pulumi has installed Argo CD into the lab). Default true;
   * false leaves a running Argo CD alone on `up` and never starts it.
   */
  readonly argocd?: boolean;
  /**
   * A Git working tree whose HEAD `up` publishes to the lab's Git remote (branch main).
   * Default: none (nothing is published).
   */
  readonly publishFrom?: string;
}

export interface LabConfig {
  readonly stateDir: string;
  readonly ports: LabPorts;
  readonly readyTimeoutMs: number;
  readonly unhealthyGraceMs: number;
  readonly stopTimeoutMs: number;
  readonly serviceCidr: string;
  readonly progress: LabProgress;
  readonly env: NodeJS.ProcessEnv;
  readonly binaries: LabBinaryPaths;
  readonly argocd: boolean;
  readonly publishFrom?: string;
}

export const DEFAULT_SERVICE_CIDR = "10.96.0.0/16";

/** ~/.cache/gitops-platform, honouring XDG_CACHE_HOME like scripts/toolchain.sh does. */
export function toolchainCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GITOPS_TOOLCHAIN_CACHE) return env.GITOPS_TOOLCHAIN_CACHE;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "gitops-platform");
}

export function resolveLabConfig(options: LabOptions = {}): LabConfig {
  const env = options.env ?? process.env;
  const stateDir = path.resolve(options.stateDir ?? (env.GITOPS_LAB_DIR || path.join(toolchainCacheDir(env), "lab")));
  const ports = resolvePorts(options.ports ?? {}, env);
  return {
    stateDir,
    ports,
    readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
    unhealthyGraceMs: options.unhealthyGraceMs ?? 15_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    serviceCidr: options.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    progress: options.progress ?? (() => undefined),
    env,
    binaries: options.binaries ?? {},
    argocd: options.argocd ?? true,
    ...(options.publishFrom ? { publishFrom: options.publishFrom } : {}),
  };
}

function resolvePorts(given: Partial<LabPorts>, env: NodeJS.ProcessEnv): LabPorts {
  const pick = (key: keyof LabPorts): number => {
    const explicit = given[key];
    if (explicit !== undefined) return checkPort(explicit, key);
    const fromEnv = env[PORT_ENV[key]];
    if (fromEnv !== undefined && fromEnv !== "") {
      const n = Number(fromEnv);
      if (!Number.isInteger(n)) throw new Error(`${PORT_ENV[key]}=${fromEnv} is not a port number`);
      return checkPort(n, key);
    }
    return DEFAULT_PORTS[key];
  };
  const ports = Object.fromEntries((Object.keys(DEFAULT_PORTS) as (keyof LabPorts)[]).map((key) => [key, pick(key)])) as unknown as LabPorts;
  const values = Object.values(ports);
  if (new Set(values).size !== values.length) throw new Error(`lab ports must be distinct: ${JSON.stringify(ports)}`);
  return ports;
}

function checkPort(port: number, key: keyof LabPorts): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`lab port ${key}=${port} is not in 1-65535`);
  return port;
}
