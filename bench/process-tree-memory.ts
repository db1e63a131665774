/**
 * Peak resident memory of this process and everything it spawns (the Pulumi
 * engine, language host, providers), sampled from /proc. Linux only.
 *
 * `sampleSpawnedProcesses` narrows that to what this process starts from now on
 * (children already running, e.g. a lab's daemons, are left out of the peak) and
 * adds the CPU time each program used, so a benchmark can say which process
 * dominates; the CPU of the children that were already running is reported apart.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { basename } from "node:path";

interface ProcessSample {
  readonly ppid: number;
  readonly rssKb: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

function readProcesses(): Map<number, ProcessSample> {
  const processes = new Map<number, ProcessSample>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      processes.set(Number(entry), {
        ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]),
        rssKb: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // the process ended between readdir and read
    }
  }
  return processes;
}

/** Every process under `root` (root included), each with the child of `root` it descends from. */
function tree(processes: ReadonlyMap<number, ProcessSample>, root: number): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const branchOf = new Map<number, number>([[root, root]]);
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    for (const child of children.get(pid) ?? []) {
      branchOf.set(child, pid === root ? child : branchOf.get(pid)!);
      stack.push(child);
    }
  }
  return branchOf;
}

function treeRssKb(root: number): number {
  const processes = readProcesses();
  let total = 0;
  for (const pid of tree(processes, root).keys()) total += processes.get(pid)?.rssKb ?? 0;
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

export interface SpawnedUsage {
  /** Peak summed RSS of the processes spawned since sampling started, MB. */
  readonly peakMb: number;
  /** Peak RSS per program (argv[0]'s base name) among those processes, MB. */
  readonly peakMbByProgram: Readonly<Record<string, number>>;
  /** CPU seconds per program among those processes. */
  readonly cpuSeconds: Readonly<Record<string, number>>;
  /** CPU seconds the children already running at the start used meanwhile, per program. */
  readonly preexistingCpuSeconds: Readonly<Record<string, number>>;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

function programName(pid: number): string {
  try {
    return basename(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] || String(pid));
  } catch {
    return String(pid);
  }
}

/**
 * Samples the processes this process spawns from now on, every `intervalMs`.
 * A process's CPU time is its last sampled value, so each one that ends loses
 * at most one interval's worth: small against runs of seconds.
 */
export function sampleSpawnedProcesses(intervalMs = 200): { stop(): SpawnedUsage } {
  const ticks = clockTicks();
  const at = readProcesses();
  const running = tree(at, process.pid);
  const preexisting = new Set([...running.values()].filter((branch) => branch !== process.pid));
  const startTicks = new Map([...running.keys()].map((pid) => [pid, at.get(pid)?.cpuTicks ?? 0]));
  const lastTicks = new Map<number, { program: string; ticks: number; spawned: boolean }>();
  let peakKb = 0;
  const peakKbByProgram = new Map<string, number>();
  const sample = (): void => {
    const processes = readProcesses();
    const rssKb = new Map<string, number>();
    for (const [pid, branch] of tree(processes, process.pid)) {
      if (pid === process.pid) continue;
      const now = processes.get(pid);
      if (!now) continue;
      const spawned = !preexisting.has(branch);
      const program = lastTicks.get(pid)?.program ?? programName(pid);
      if (spawned) rssKb.set(program, (rssKb.get(program) ?? 0) + now.rssKb);
      lastTicks.set(pid, { program, ticks: now.cpuTicks - (startTicks.get(pid) ?? 0), spawned });
    }
    peakKb = Math.max(peakKb, [...rssKb.values()].reduce((a, b) => a + b, 0));
    for (const [program, kb] of rssKb) peakKbByProgram.set(program, Math.max(peakKbByProgram.get(program) ?? 0, kb));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpuSeconds: Record<string, number> = {};
      const preexistingCpuSeconds: Record<string, number> = {};
      for (const { program, ticks: used, spawned } of lastTicks.values()) {
        const into = spawned ? cpuSeconds : preexistingCpuSeconds;
        into[program] = (into[program] ?? 0) + used / ticks;
      }
      const peakMbByProgram = Object.fromEntries([...peakKbByProgram].map(([program, kb]) => [program, Math.round(kb / 1024)]));
      return { peakMb: Math.round(peakKb / 1024), peakMbByProgram, cpuSeconds, preexistingCpuSeconds };
    },
  };
}
