/**
 * `lab up`: bring the lab to healthy, doing as little as possible, tier by tier: the control
 * plane, then the simulated nodes and the Git remote, then Argo CD's processes (once Pulumi
 * has installed Argo CD). A healthy lab is left alone (a few loopback probes, well under a
 * second). Otherwise each component, in dependency order, is kept if healthy, given a grace
 * period if alive but failing (it may still be starting, or waiting for a restarted etcd),
 * restarted if hung or dead.
 */
import * as fs from "node:fs";
import { ARGOCD_KUBECONFIG_READERS, argocdInstalled, argocdSpecs, controllerKubeconfigFile } from "./argocd-processes";
import { resolveArgoCdBinaries, resolveBinaries } from "./binaries";
import { ARGOCD_COMPONENTS, COMPONENTS, controlPlaneSpecs, UNRESOLVED_BINARIES, type ComponentName, type ComponentSpec } from "./components";
import { PORT_ENV, resolveLabConfig, type LabConfig, type LabOptions, type LabPorts } from "./config";
import { ComponentStartError, PortInUseError } from "./errors";
import { ensureBareRepository, gitDaemonSpec, publishRepository, type PublishResult } from "./git-remote";
import { waitHealthy } from "./health";
import { KubeClient } from "./kube-client";
import { writeKubeconfig, writeLabKubeconfigs, type KubeconfigReader } from "./kubeconfig";
import { LabLock } from "./lock";
import { ensureNodes, kwokSpec } from "./nodes";
import { labPathsFor, type LabPaths } from "./paths";
import { ensurePki } from "./pki";
import { labSpecs } from "./specs";
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
  /** Simulated nodes created by this call. */
  readonly nodesCreated: readonly string[];
  /**
   * Argo CD's processes: running, left out (`argocd: false`), or waiting for Pulumi to install
   * Argo CD into the lab (its CRDs and config), which the local stack does.
   */
  readonly argocd: "running" | "disabled" | "not installed";
  /** What was published to the lab's Git remote, when `publishFrom` was given. */
  readonly published?: PublishResult;
  readonly durationMs: number;
  readonly status: LabStatus;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Who must restart when a kubeconfig they read at start changed. */
const KUBECONFIG_READERS: Readonly<Record<KubeconfigReader, readonly ComponentName[]>> = {
  admin: ["kwok", ...ARGOCD_COMPONENTS.filter((c) => c !== "redis")],
  "kube-controller-manager": ["kube-controller-manager"],
  "kube-scheduler": ["kube-scheduler"],
};

export async function labUp(options: LabOptions = {}): Promise<LabUpResult> {
  const startedAt = Date.now();
  const config = resolveLabConfig(options);
  const paths = labPathsFor(config.stateDir);
  fs.mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  const lock = await LabLock.acquire(paths.lock, config.readyTimeoutMs, (owner) => config.progress(`waiting for another gitops lab command (pid ${owner})`));
  try {
    return await bringUp(config, paths, startedAt);
  } finally {
    lock.release();
  }
}

async function bringUp(config: LabConfig, paths: LabPaths, startedAt: number): Promise<LabUpResult> {
  const { progress } = config;
  const deadline = startedAt + config.readyTimeoutMs;
  const before = new Map((await Promise.all(labSpecs(config, paths, config).map(async (spec) => [spec.name, await observeComponent(spec, paths)] as const))));
  const healthy = (name: ComponentName): boolean => {
    const o = before.get(name);
    return o !== undefined && classifyComponent(o).state === "running" && !o.outdated;
  };
  fs.writeFileSync(paths.marker, "gitops lab state directory; `gitops lab down --purge` removes it\n");

  // Certificates and kubeconfigs are rewritten only when missing or changed (cheap checks:
  // a running lab needs neither openssl nor the binaries).
  const issued = await ensurePki(config, paths);
  if (issued.length > 0) progress(`certificates issued: ${issued.join(", ")}`);
  const changedReaders = writeLabKubeconfigs(config, paths);
  // Running components that must restart although their flags are unchanged: all of them
  // under a new CA (trust bundles and kubeconfigs are read only at start), and the readers
  // of a kubeconfig that changed (e.g. the apiserver's port).
  const mustRestart = new Set<ComponentName>(issued.includes("ca") ? COMPONENTS : changedReaders.flatMap((r) => KUBECONFIG_READERS[r]));

  const started: ComponentName[] = [];
  const restarted: ComponentName[] = [];
  const ensureAll = async (specs: readonly ComponentSpec[]): Promise<void> => {
    // Every port a stopped component needs, checked before anything starts: a conflict on
    // the last one's port should not leave a half-started tier behind.
    for (const spec of specs) if (locateComponent(spec, paths).pid === undefined) await requireFreePorts(spec, config);
    for (const spec of specs) {
      // The first observation still holds until something was (re)started; a hung component
      // would otherwise cost another probe timeout.
      const current = started.length === 0 && before.has(spec.name) ? before.get(spec.name)! : await observeComponent(spec, paths);
      const observed = { ...current, outdated: current.outdated || (current.pid !== undefined && mustRestart.has(spec.name)) };
      const outcome = await ensureComponent(spec, observed, config, paths, deadline);
      if (outcome !== "kept") started.push(spec.name);
      if (outcome === "restarted") restarted.push(spec.name);
    }
  };

  // 1. The control plane, then the simulated nodes and the Git remote.
  const nothingToStart = [...before.keys()].every(healthy) && mustRestart.size === 0;
  const binaries = nothingToStart ? UNRESOLVED_BINARIES : resolveBinaries(config.binaries, config.env);
  await ensureAll(controlPlaneSpecs(config, paths, binaries));
  if (started.length > 0) {
    progress("waiting for the default ServiceAccount (created by the controller manager)");
    await waitForDefaultServiceAccount(paths, deadline);
  }
  fs.mkdirSync(paths.gitDir, { recursive: true });
  await ensureAll([kwokSpec(config, paths, binaries.kwok), gitDaemonSpec(config, paths, binaries.gitDaemon)]);
  const client = KubeClient.fromKubeconfig(paths.kubeconfig);
  const nodesCreated = await ensureNodes(client);
  if (nodesCreated.length > 0) progress(`simulated nodes created: ${nodesCreated.join(", ")}`);
  await ensureBareRepository(paths, undefined, binaries.git);
  const published = config.publishFrom ? await publishRepository(config, paths, config.publishFrom, binaries.git) : undefined;
  if (published && !published.unchanged) progress(`published ${published.commit.slice(0, 12)} to ${published.url} (${published.branch})`);

  // 2. Argo CD, once Pulumi has installed it into the lab.
  let argocd: LabUpResult["argocd"] = "disabled";
  if (config.argocd) {
    const install = await argocdInstalled(client);
    if (!install.installed) {
      argocd = "not installed";
      progress(`argocd: not installed yet (missing ${install.missing.join(", ")}); deploy the local stack, then run \`gitops lab up\` again`);
    } else {
      const argoSpecs = argocdSpecs(config, paths, resolveArgoCdBinaries(config.binaries, config.env));
      for (const dir of ["tls", "ssh", "gnupg", "gpg-source", "redis"]) fs.mkdirSync(`${paths.argocdDir}/${dir}`, { recursive: true, mode: 0o700 });
      const kubeconfig = fs.readFileSync(paths.kubeconfig, "utf8");
      for (const controller of ARGOCD_KUBECONFIG_READERS) writeKubeconfig(controllerKubeconfigFile(paths, controller), kubeconfig);
      await ensureAll(argoSpecs);
      argocd = "running";
    }
  }

  return {
    alreadyRunning: started.length === 0 && nodesCreated.length === 0,
    started,
    restarted,
    certificatesIssued: issued,
    nodesCreated,
    argocd,
    ...(published ? { published } : {}),
    durationMs: Date.now() - startedAt,
    status: await observeLab(config, paths, labSpecs(config, paths, config)),
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
  config.progress(`${spec.name}: started (pid ${pid}), waiting for it to be healthy (${spec.health.url})`);
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
