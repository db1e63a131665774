/**
 * Peak resident memory of this process and everything it spawns (the Pulumi
 * engine, language host, providers), sampled from /proc. Linux only.
 */
import * as fs from "node:fs";

function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended between readdir and read
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples the process tree's RSS every `intervalMs` until stopped; returns the peak in MB. */
export function sampleTreeMemory(intervalMs = 250): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(process.pid))), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, treeRssKb(process.pid)) / 1024);
    },
  };
}
