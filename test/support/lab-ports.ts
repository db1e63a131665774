/**
 * A block of free loopback ports for a private test lab, so tests never collide with a
 * developer's lab (or with each other when suites run concurrently).
 */
import * as net from "node:net";
import { DEFAULT_PORTS, type LabPorts } from "../../lab";

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * One port per lab listener, consecutive from a random base in 10000-31999: below Linux's
 * ephemeral range (32768-60999), where the lab's own outgoing connections (the API server to
 * etcd, the controllers to the API server) would take a port between this check and the listen.
 */
export async function freeLabPorts(): Promise<LabPorts> {
  const keys = Object.keys(DEFAULT_PORTS) as (keyof LabPorts)[];
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10000 + Math.floor(Math.random() * 1099) * 20;
    const ports = keys.map((_, i) => base + i);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return Object.fromEntries(keys.map((k, i) => [k, ports[i]])) as unknown as LabPorts;
  }
  throw new Error(`no ${keys.length} free consecutive ports on 127.0.0.1`);
}

/** Any n free ports (for conflicting-port tests). */
export async function freePorts(n: number): Promise<number[]> {
  const ports = await freeLabPorts();
  return Object.values(ports).slice(0, n);
}
