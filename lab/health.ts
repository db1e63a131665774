/**
 * Health probes: etcd's /health, the apiserver's /readyz, the controller manager's
 * /healthz. A probe never throws; a refused connection is just "not healthy (why)".
 */
import * as fs from "node:fs";
import type { ComponentSpec, HealthProbe } from "./components";
import { httpsRequest } from "./https-request";

export interface HealthResult {
  readonly healthy: boolean;
  /** "ok", or what went wrong: an HTTP status and body, or a connection error. */
  readonly detail: string;
}

export async function probe(health: HealthProbe, timeoutMs = 2_000): Promise<HealthResult> {
  try {
    const read = (file: string): string => fs.readFileSync(file, "utf8");
    const tls = { ca: read(health.ca), cert: read(health.cert), key: read(health.key) };
    const response = await httpsRequest(health.url, tls, { timeoutMs });
    if (response.status === 200 && health.healthy(response.body)) return { healthy: true, detail: "ok" };
    return { healthy: false, detail: `HTTP ${response.status}: ${response.body.trim().slice(0, 500)}` };
  } catch (error) {
    return { healthy: false, detail: (error as Error).message };
  }
}

/** The apiserver's failing readiness checks (`[-]etcd failed: ...` lines), "" when ready. */
export async function readyzFailures(spec: ComponentSpec): Promise<string> {
  // With ?verbose a ready apiserver answers 200 and a list of checks, not "ok".
  const result = await probe({ ...spec.health, url: `${spec.health.url}?verbose`, healthy: () => true });
  if (result.healthy) return "";
  const failed = result.detail.split("\n").filter((l) => l.startsWith("[-]"));
  return failed.length > 0 ? failed.join("\n") : result.detail;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until healthy or the deadline; returns the last result. isAlive stops early if the process died. */
export async function waitHealthy(health: HealthProbe, deadline: number, isAlive: () => boolean): Promise<HealthResult> {
  let last: HealthResult = { healthy: false, detail: "not probed" };
  for (;;) {
    last = await probe(health);
    if (last.healthy) return last;
    if (!isAlive()) return { healthy: false, detail: `process exited (last probe: ${last.detail})` };
    if (Date.now() >= deadline) return last;
    await sleep(250);
  }
}
