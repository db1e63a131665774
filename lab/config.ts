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
}

export const DEFAULT_PORTS: LabPorts = { etcdClient: 23790, etcdPeer: 23800, apiserver: 26443, controllerManager: 20257 };

/** Environment variable overriding each port. */
export const PORT_ENV: Readonly<Record<keyof LabPorts, string>> = {
  etcdClient: "GITOPS_LAB_ETCD_PORT",
  etcdPeer: "GITOPS_LAB_ETCD_PEER_PORT",
  apiserver: "GITOPS_LAB_APISERVER_PORT",
  controllerManager: "GITOPS_LAB_CONTROLLER_MANAGER_PORT",
};

/** Paths of the three binaries; unset ones are resolved by lab/binaries.ts. */
export interface LabBinaryPaths {
  readonly etcd?: string;
  readonly kubeApiserver?: string;
  readonly kubeControllerManager?: string;
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
  const ports: LabPorts = {
    etcdClient: pick("etcdClient"),
    etcdPeer: pick("etcdPeer"),
    apiserver: pick("apiserver"),
    controllerManager: pick("controllerManager"),
  };
  const values = Object.values(ports);
  if (new Set(values).size !== values.length) throw new Error(`lab ports must be distinct: ${JSON.stringify(ports)}`);
  return ports;
}

function checkPort(port: number, key: keyof LabPorts): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`lab port ${key}=${port} is not in 1-65535`);
  return port;
}
