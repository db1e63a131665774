/**
 * `lab down`: stop every component in reverse start order (Argo CD first, etcd last, so
 * nothing writes to a stopped store), keep the data unless purge is asked for.
 */
import * as fs from "node:fs";
import type { ComponentName } from "./components";
import { resolveLabConfig, type LabOptions } from "./config";
import { LabLock } from "./lock";
import { labPathsFor } from "./paths";
import { findComponentProcesses, locateComponent, stopProcess } from "./processes";
import { labSpecs } from "./specs";

export interface LabDownOptions extends LabOptions {
  /** Also delete the state directory: certificates, etcd data, logs. */
  readonly purge?: boolean;
}

export interface StoppedComponent {
  readonly name: ComponentName;
  readonly pid: number;
  /** It ignored SIGTERM for stopTimeoutMs and got SIGKILL. */
  readonly killed: boolean;
}

export interface LabDownResult {
  readonly stopped: readonly StoppedComponent[];
  readonly purged: boolean;
  readonly durationMs: number;
}

export async function labDown(options: LabDownOptions = {}): Promise<LabDownResult> {
  const startedAt = Date.now();
  const config = resolveLabConfig(options);
  const paths = labPathsFor(config.stateDir);
  if (!fs.existsSync(config.stateDir)) return { stopped: [], purged: false, durationMs: Date.now() - startedAt };
  // Refuse before stopping anything: a typo in --state-dir must not cost someone their directory.
  if (options.purge && !fs.existsSync(paths.marker)) {
    throw new Error(`${config.stateDir} is not a gitops lab state directory (no ${paths.marker}); not deleting it`);
  }
  const lock = await LabLock.acquire(paths.lock, config.stopTimeoutMs + 30_000, (owner) => config.progress(`waiting for another gitops lab command (pid ${owner})`));
  const stopped: StoppedComponent[] = [];
  try {
    for (const spec of labSpecs(config, paths).reverse()) {
      // The pid file's process, plus any instance started by hand or whose pid file was lost.
      const located = locateComponent(spec, paths).pid;
      const pids = [...new Set([...(located === undefined ? [] : [located]), ...findComponentProcesses(spec)])];
      for (const pid of pids) {
        config.progress(`${spec.name}: stopping pid ${pid}`);
        const killed = await stopProcess(pid, config.stopTimeoutMs);
        if (killed) config.progress(`${spec.name}: pid ${pid} ignored SIGTERM for ${config.stopTimeoutMs} ms; killed`);
        stopped.push({ name: spec.name, pid, killed });
      }
      fs.rmSync(paths.pidFile(spec.name), { force: true });
    }
    if (options.purge) {
      config.progress(`deleting ${config.stateDir}`);
      fs.rmSync(config.stateDir, { recursive: true, force: true });
    }
  } finally {
    lock.release();
  }
  return { stopped, purged: options.purge === true, durationMs: Date.now() - startedAt };
}
