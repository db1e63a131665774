/**
 * Component processes: started detached (they outlive `gitops lab up`), logged to
 * <stateDir>/logs, remembered in <stateDir>/pids, and recognised again by the
 * component's signature argument so a reused pid is never mistaken for ours.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import type { ComponentSpec } from "./components";
import type { LabPaths } from "./paths";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The argv of a process, or undefined where /proc is not available (macOS) or it is gone. */
function commandLine(pid: number): string[] | undefined {
  try {
    // NUL-terminated arguments; an empty argument (redis' `--save ""`) is kept.
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (args.at(-1) === "") args.pop();
    return args;
  } catch {
    return undefined;
  }
}

/**
 * Alive, or still releasing its resources. An exited child of this very process stays in
 * the table as a zombie until reaped, so a zombie counts as gone; but a Go program's main
 * thread turns zombie while its other threads are still exiting and holding its sockets,
 * so it counts as gone only once it is the last thread.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch (error) {
    // Reaped between the two calls, or no /proc (macOS): then kill(0) is all we know.
    return (error as NodeJS.ErrnoException).code !== "ENOENT" || !fs.existsSync("/proc");
  }
  const state = /^State:\s+(\S)/m.exec(status)?.[1];
  const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? "1");
  return !((state === "Z" || state === "X") && threads <= 1);
}

/** True if pid runs this component of this lab (checked via its argv where /proc exists). */
export function isComponentProcess(pid: number, spec: ComponentSpec): boolean {
  if (!isAlive(pid)) return false;
  const argv = commandLine(pid);
  return argv === undefined ? fs.existsSync("/proc") === false : argv.includes(spec.signature);
}

/**
 * True unless the process provably runs with other arguments (ports, CIDR or paths of an
 * older configuration). The binary path is not compared: `status` does not resolve it.
 */
export function runsWithArgs(pid: number, args: readonly string[]): boolean {
  const argv = commandLine(pid);
  if (argv === undefined) return true;
  const actual = argv.slice(1);
  return actual.length === args.length && actual.every((a, i) => a === args[i]);
}

export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Every live process running this component of this lab, found via /proc (Linux only). */
export function findComponentProcesses(spec: ComponentSpec): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid && commandLine(pid)?.includes(spec.signature) === true && isAlive(pid));
}

/** The running instance: the pid file's process if it is ours, else one found by signature (pid file lost). */
export function locateComponent(spec: ComponentSpec, paths: LabPaths): { pid?: number; pidFile?: number } {
  const pidFile = readPidFile(paths.pidFile(spec.name));
  if (pidFile !== undefined && isComponentProcess(pidFile, spec)) return { pid: pidFile, pidFile };
  const [found] = findComponentProcesses(spec);
  return { pid: found, pidFile };
}

export async function startComponent(spec: ComponentSpec, paths: LabPaths): Promise<number> {
  fs.mkdirSync(paths.logsDir, { recursive: true });
  fs.mkdirSync(paths.pidsDir, { recursive: true });
  const logFile = paths.log(spec.name);
  const log = fs.openSync(logFile, "a");
  try {
    fs.writeSync(log, `\n=== ${new Date().toISOString()} gitops lab: starting ${spec.binary} ${spec.args.join(" ")}\n`);
    // detached: own process group, so a Ctrl-C in the terminal that ran `lab up` does not reach it.
    const child = spawn(spec.binary, [...spec.args], { detached: true, stdio: ["ignore", log, log], cwd: paths.stateDir, env: { ...process.env, ...spec.env } });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", (e) => reject(new Error(`cannot start ${spec.name} (${spec.binary}): ${e.message}`)));
    });
    child.unref();
    const pid = child.pid as number;
    fs.writeFileSync(paths.pidFile(spec.name), `${pid}\n`);
    return pid;
  } finally {
    fs.closeSync(log);
  }
}

/** SIGTERM, then SIGKILL after timeoutMs. Resolves once the process is gone; true if it had to be killed. */
export async function stopProcess(pid: number, timeoutMs: number): Promise<boolean> {
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(pid, s);
    } catch {
      /* already gone */
    }
  };
  signal("SIGTERM");
  // A stopped process (SIGSTOP, Ctrl-Z) only acts on SIGTERM once continued.
  signal("SIGCONT");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (!isAlive(pid)) return false;
  signal("SIGKILL");
  const killDeadline = Date.now() + 5_000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(50);
  if (isAlive(pid)) throw new Error(`process ${pid} survived SIGKILL for 5 s`);
  return true;
}

/** The last lines of a component's log, for error messages (reads only the file's end: logs grow for days). */
export function logTail(file: string, lines = 25): string {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return "(no log yet)";
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const bytes = new Uint8Array(length);
    fs.readSync(fd, bytes, 0, length, size - length);
    return new TextDecoder().decode(bytes).split("\n").slice(-lines - 1).join("\n").trimEnd();
  } finally {
    fs.closeSync(fd);
  }
}
