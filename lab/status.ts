/**
 * LabStatus: what each component is doing right now. Observation (pid files, /proc,
 * health probes) is separate from classification, which is pure and unit-tested.
 */
import { listApplications, type ApplicationStatus } from "./argocd-processes";
import { ARGOCD_COMPONENTS, LOOPBACK, type ComponentName, type ComponentSpec } from "./components";
import { resolveLabConfig, type LabConfig, type LabOptions } from "./config";
import { probe, readyzFailures, type HealthResult } from "./health";
import { LAB_CONTEXT } from "./kubeconfig";
import { labPathsFor, type LabPaths } from "./paths";
import { KubeClient } from "./kube-client";
import { locateComponent, runsWithArgs } from "./processes";
import { labSpecs } from "./specs";

export type ComponentState = "running" | "unhealthy" | "stopped";

export interface ComponentObservation {
  /** The live process running this component, if any. */
  readonly pid?: number;
  /** What the pid file says (may name a dead or foreign process). */
  readonly pidFile?: number;
  readonly health: HealthResult;
  /** It runs with other flags than the current configuration asks for; `up` restarts it. */
  readonly outdated: boolean;
}

export interface ComponentStatus {
  readonly name: ComponentName;
  readonly state: ComponentState;
  readonly pid?: number;
  /** The pid file names no live instance of ours: the process crashed or the machine rebooted. */
  readonly stalePidFile: boolean;
  /** Running with the flags of an older configuration (e.g. other ports); `up` restarts it. */
  readonly outdated: boolean;
  readonly ports: readonly number[];
  readonly url: string;
  readonly health: string;
  readonly log: string;
}

export interface LabStatus {
  readonly stateDir: string;
  readonly kubeconfig: string;
  readonly context: string;
  readonly server: string;
  /**
   * Every component running and healthy. Argo CD's processes count only when one of them
   * runs: a lab without Argo CD (not installed yet, or left out) is healthy.
   */
  readonly healthy: boolean;
  readonly components: readonly ComponentStatus[];
  /** The apiserver's /readyz: ok, or its failing checks / the connection error. */
  readonly readyz: { readonly ok: boolean; readonly detail: string };
  /** Argo CD's Applications with their sync and health status (empty without Argo CD). */
  readonly applications: readonly ApplicationStatus[];
}

export function classifyComponent(observed: Pick<ComponentObservation, "pid" | "pidFile" | "health">): { state: ComponentState; stalePidFile: boolean } {
  const stalePidFile = observed.pidFile !== undefined && observed.pidFile !== observed.pid;
  if (observed.pid === undefined) return { state: "stopped", stalePidFile };
  return { state: observed.health.healthy ? "running" : "unhealthy", stalePidFile };
}

export async function observeComponent(spec: ComponentSpec, paths: LabPaths): Promise<ComponentObservation> {
  const { pid, pidFile } = locateComponent(spec, paths);
  // A stopped component is not probed: whatever answers on its port is not ours.
  const health = pid === undefined ? { healthy: false, detail: "not running" } : await probe(spec.health);
  return { pid, pidFile, health, outdated: pid !== undefined && !runsWithArgs(pid, spec.args) };
}

export function componentStatus(spec: ComponentSpec, paths: LabPaths, observed: ComponentObservation): ComponentStatus {
  const { state, stalePidFile } = classifyComponent(observed);
  return {
    name: spec.name,
    state,
    pid: observed.pid,
    stalePidFile,
    outdated: observed.outdated,
    ports: spec.ports,
    url: origin(spec.health.url),
    health: observed.health.detail,
    log: paths.log(spec.name),
  };
}

/** scheme://host:port, also for schemes URL.origin does not know (redis://, git://). */
const origin = (url: string): string => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
};

export const apiserverUrl = (port: number): string => `https://${LOOPBACK}:${port}`;

/** Status of the lab described by config; observes every component concurrently unless given observations. */
export async function observeLab(
  config: LabConfig,
  paths: LabPaths,
  specs: readonly ComponentSpec[],
  given?: readonly ComponentObservation[],
): Promise<LabStatus> {
  const observed = given ?? (await Promise.all(specs.map((spec) => observeComponent(spec, paths))));
  const components = specs.map((spec, i) => componentStatus(spec, paths, observed[i]));
  const apiserver = specs.findIndex((s) => s.name === "kube-apiserver");
  const health = observed[apiserver].health;
  let readyz = { ok: true, detail: "ok" };
  if (observed[apiserver].pid === undefined) readyz = { ok: false, detail: "kube-apiserver is not running" };
  else if (!health.healthy) {
    // Ask for the failing checks only when it answered at all (not after a timeout).
    const failures = health.detail.startsWith("HTTP ") ? await readyzFailures(specs[apiserver]) : "";
    readyz = { ok: false, detail: failures || health.detail };
  }
  return {
    stateDir: config.stateDir,
    kubeconfig: paths.kubeconfig,
    context: LAB_CONTEXT,
    server: apiserverUrl(config.ports.apiserver),
    healthy: labHealthy(components),
    components,
    readyz,
    applications: readyz.ok ? await listApplications(KubeClient.fromKubeconfig(paths.kubeconfig)).catch(() => []) : [],
  };
}

/** Pure: the verdict over the components' states. */
export function labHealthy(components: readonly Pick<ComponentStatus, "name" | "state">[]): boolean {
  const isArgo = (c: { name: ComponentName }): boolean => (ARGOCD_COMPONENTS as readonly string[]).includes(c.name);
  const argo = components.filter(isArgo);
  const argoHealthy = argo.every((c) => c.state === "running") || argo.every((c) => c.state === "stopped");
  return argoHealthy && components.filter((c) => !isArgo(c)).every((c) => c.state === "running");
}

export async function labStatus(options: LabOptions = {}): Promise<LabStatus> {
  const config = resolveLabConfig(options);
  const paths = labPathsFor(config.stateDir);
  return observeLab(config, paths, labSpecs(config, paths, config));
}
