/**
 * `lab up`: bring the ControlPlane to healthy, doing as little as possible. A healthy lab
 * is left alone (a few loopback probes, well under a second). Otherwise each component,
 * in dependency order, is kept if healthy, given a grace period if alive but failing
 * (it may still be starting, or waiting for a restarted etcd), restarted if hung or dead.
 */
import * as fs from "node:fs";
import { resolveBinaries } from "./binaries";
import { COMPONENTS, controlPlaneSpecs, type ComponentName, type ComponentSpec } from "./components";
import { PORT_ENV, resolveLabConfig, type LabConfig, type LabOptions, type LabPorts } from "./config";
import { ComponentStartError, PortInUseError } from "./errors";
import { waitHealthy } from "./health";
import { KubeClient } from "./kube-client";
import { writeLabKubeconfigs } from "./kubeconfig";
import { LabLock } from "./lock";
import { labPathsFor, type LabPaths } from "./paths";
import { ensurePki } from "./pki";
import { isAlive, locateComponent, logTail, startComponent, stopProcess } from "./processes";
import { isPortFree, portHolder } from "./sockets";
import { classifyComponent, observeComponent, observeLab, type ComponentObservation, type LabStatus } from "./status";

export interface LabUpResult {
  /** Everything was already healthy; nothing was started. */
  readonly alreadyRunning: boolean;
  /** Components started by this call (fresh or restarted), in start order. */
  readonly started: readonly ComponentName[];
  /** The subset that was running before: crashed (stale pid file), hung, or started with an earlier configuration. */
  readonly restarted: readonly ComponentName[];
  readonly certificatesIssued: readonly string[];
  readonly durationMs: number;
  readonly status: LabStatus;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function labUp(options: LabOptions = {}): Promise<LabUpResult> {
  const startedAt = Date.now();
  const config = resolveLabConfig(options);
  const paths = labPathsFor(config.stateDir);
  fs.mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  const lock = await LabLock.acquire(paths.lock, config.readyTimeoutMs, (owner) => config.progress(`waiting for another gitops lab command (pid ${owner})`));
  try {
    const specs = controlPlaneSpecs(config, paths);
    const before = await Promise.all(specs.map((spec) => observeComponent(spec, paths)));
    if (before.every((o) => classifyComponent(o).state === "running" && !o.outdated)) {
      // Rewritten only if deleted or changed; cheap, and needs neither binaries nor openssl.
      writeLabKubeconfigs(config, paths);
      const status = await observeLab(config, paths, specs, before);
      return { alreadyRunning: true, started: [], restarted: [], certificatesIssued: [], durationMs: Date.now() - startedAt, status };
    }
    return await bringUp(config, paths, startedAt, before);
  } finally {
    lock.release();
  }
}

async function bringUp(config: LabConfig, paths: LabPaths, startedAt: number, before: readonly ComponentObservation[]): Promise<LabUpResult> {
  const { progress } = config;
  fs.writeFileSync(paths.marker, "gitops lab state directory; `gitops lab down --purge` removes it\n");
  const binaries = resolveBinaries(config.binaries, config.env);
  const issued = await ensurePki(config, paths);
  if (issued.length > 0) progress(`certificates issued: ${issued.join(", ")}`);
  const controllerManagerKubeconfigChanged = writeLabKubeconfigs(config, paths);
  // Running components that must restart although their flags are unchanged: all of them
  // under a new CA (etcd and the apiserver load trust bundles only at start), and the
  // controller manager when its kubeconfig (e.g. the apiserver's port) changed.
  const mustRestart = new Set<ComponentName>(
    issued.includes("ca") ? COMPONENTS : controllerManagerKubeconfigChanged ? ["kube-controller-manager"] : [],
  );
  const deadline = startedAt + config.readyTimeoutMs;
  const specs = controlPlaneSpecs(config, paths, binaries);
  // Every port a stopped component needs, checked before anything starts: a conflict on
  // the controller manager's port should not leave a half-started lab behind.
  for (const spec of specs) if (locateComponent(spec, paths).pid === undefined) await requireFreePorts(spec, config);
  const started: ComponentName[] = [];
  const restarted: ComponentName[] = [];
  for (const [i, spec] of specs.entries()) {
    // The first observation still holds until something was (re)started; a hung component
    // would otherwise cost another probe timeout.
    const current = started.length === 0 ? before[i] : await observeComponent(spec, paths);
    const observed = { ...current, outdated: current.outdated || (current.pid !== undefined && mustRestart.has(spec.name)) };
    const outcome = await ensureComponent(spec, observed, config, paths, deadline);
    if (outcome !== "kept") started.push(spec.name);
    if (outcome === "restarted") restarted.push(spec.name);
  }
  progress("waiting for the default ServiceAccount (created by the controller manager)");
  await waitForDefaultServiceAccount(paths, deadline);
  return {
    alreadyRunning: false,
    started,
    restarted,
    certificatesIssued: issued,
    durationMs: Date.now() - startedAt,
    status: await observeLab(config, paths, controlPlaneSpecs(config, paths, binaries)),
  };
}

type Outcome = "kept" | "started" | "restarted";

async function ensureComponent(spec: ComponentSpec, observed: ComponentObservation, config: LabConfig, paths: LabPaths, deadline: number): Promise<Outcome> {
  const { progress } = config;
  const { state, stalePidFile } = classifyComponent(observed);
  const pid = observed.pid;
  if (pid === undefined) {
    if (stalePidFile) progress(`${spec.name}: pid ${observed.pidFile} from the pid file is not running (crashed, or the machine restarted); starting it again`);
    return startAndWait(spec, config, paths, deadline, stalePidFile ? "restarted" : "started");
  }
  // Found by its argv although the pid file said otherwise: adopt it.
  if (stalePidFile) fs.writeFileSync(paths.pidFile(spec.name), `${pid}\n`);
  if (observed.outdated) {
    progress(`${spec.name}: pid ${pid} runs with an earlier configuration (flags, certificates or kubeconfig); restarting it`);
    await stopProcess(pid, config.stopTimeoutMs);
    return startAndWait(spec, config, paths, deadline, "restarted");
  }
  if (state === "running") {
    progress(`${spec.name}: running (pid ${pid})`);
    return "kept";
  }
  const graceEnd = Math.min(Date.now() + config.unhealthyGraceMs, deadline);
  progress(`${spec.name}: pid ${pid} is not healthy (${observed.health.detail}); waiting up to ${Math.round((graceEnd - Date.now()) / 1000)} s`);
  const recovered = await waitHealthy(spec.health, graceEnd, () => isAlive(pid));
  if (recovered.healthy) {
    progress(`${spec.name}: recovered (pid ${pid})`);
    return "kept";
  }
  progress(`${spec.name}: still not healthy (${recovered.detail}); restarting it`);
  await stopProcess(pid, config.stopTimeoutMs);
  return startAndWait(spec, config, paths, deadline, "restarted");
}

async function startAndWait(spec: ComponentSpec, config: LabConfig, paths: LabPaths, deadline: number, outcome: Outcome): Promise<Outcome> {
  fs.rmSync(paths.pidFile(spec.name), { force: true });
  // A few seconds' patience: the kernel may not have released the ports of the instance just stopped.
  await requireFreePorts(spec, config, 5_000);
  const pid = await startComponent(spec, paths);
  config.progress(`${spec.name}: started (pid ${pid}), waiting for ${new URL(spec.health.url).pathname}`);
  const health = await waitHealthy(spec.health, deadline, () => isAlive(pid));
  if (!health.healthy) throw new ComponentStartError(spec.name, health.detail, paths.log(spec.name), logTail(paths.log(spec.name)));
  config.progress(`${spec.name}: healthy`);
  return outcome;
}

async function requireFreePorts(spec: ComponentSpec, config: LabConfig, patienceMs = 0): Promise<void> {
  const until = Date.now() + patienceMs;
  for (const port of spec.ports) {
    while (!(await isPortFree(port)) && Date.now() < until) await sleep(100);
    if (await isPortFree(port)) continue;
    const key = (Object.keys(config.ports) as (keyof LabPorts)[]).find((k) => config.ports[k] === port) ?? "apiserver";
    throw new PortInUseError(spec.name, port, portHolder(port), PORT_ENV[key]);
  }
}

/**
 * The apiserver creates the `default` namespace; the controller manager's ServiceAccount
 * controller creates the `default` ServiceAccount in it. Seeing both proves the control
 * plane works end to end, not just that three processes answer /healthz.
 */
async function waitForDefaultServiceAccount(paths: LabPaths, deadline: number): Promise<void> {
  const client = KubeClient.fromKubeconfig(paths.kubeconfig);
  let last = "not checked";
  for (;;) {
    try {
      const response = await client.request("GET", "/api/v1/namespaces/default/serviceaccounts/default");
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      const log = paths.log("kube-controller-manager");
      throw new ComponentStartError("kube-controller-manager", `the default ServiceAccount did not appear (${last})`, log, logTail(log));
    }
    await sleep(250);
  }
}
