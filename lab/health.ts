/**
 * Health probes: etcd's /health, the apiserver's /readyz, the controllers' /healthz, a Redis
 * PING, a TCP connection. A probe never throws; a refused connection is just "not healthy (why)".
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import type { ComponentSpec, HealthProbe } from "./components";
import { httpsRequest } from "./https-request";

export interface HealthResult {
  readonly healthy: boolean;
  /** "ok", or what went wrong: an HTTP status and body, or a connection error. */
  readonly detail: string;
}

export async function probe(health: HealthProbe, timeoutMs = 2_000): Promise<HealthResult> {
  try {
    const response = await request(health, timeoutMs);
    if (response.status === 200 && health.healthy(response.body)) return { healthy: true, detail: "ok" };
    return { healthy: false, detail: `HTTP ${response.status}: ${response.body.trim().slice(0, 500)}` };
  } catch (error) {
    return { healthy: false, detail: (error as Error).message };
  }
}

/** One probe request; redis:// and git:// answer over a bare socket, shaped as an HTTP-like response. */
async function request(health: HealthProbe, timeoutMs: number): Promise<{ status: number; body: string }> {
  const target = new URL(health.url);
  switch (target.protocol) {
    case "https:": {
      const read = (file: string | undefined): string => fs.readFileSync(file ?? "", "utf8");
      return httpsRequest(health.url, { ca: read(health.ca), cert: read(health.cert), key: read(health.key) }, { timeoutMs });
    }
    case "http:":
      return httpGet(health.url, timeoutMs);
    case "redis:":
      return { status: 200, body: await socketExchange(target, "PING\r\n", timeoutMs) };
    default:
      return { status: 200, body: await socketExchange(target, undefined, timeoutMs) };
  }
}

function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

/** Connects; sends `payload` and resolves with the first answer, or resolves "connected" when there is nothing to send. */
function socketExchange(target: URL, payload: string | undefined, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port) });
    const done = (error?: Error, answer?: string): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(answer ?? "");
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer from ${target.host} within ${timeoutMs} ms`)));
    socket.once("error", (error) => done(error));
    socket.once("connect", () => (payload === undefined ? done(undefined, "connected") : socket.write(payload)));
    socket.once("data", (data) => done(undefined, data.toString("utf8")));
  });
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
