/**
 * Finds the lab's binaries: explicit option, then the env var (ETCD, KUBE_APISERVER, ...),
 * then what scripts/toolchain.sh recorded in <cache>/toolchain.env, then PATH. A missing
 * binary is an error that says how to get it; an env var pointing nowhere is an error too
 * (never silently ignored).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ArgoCdBinaries } from "./argocd-processes";
import { toolchainCacheDir, type LabBinaryPaths } from "./config";
import type { ResolvedBinaries } from "./components";

export const TOOLCHAIN_HINT = "`npm run toolchain -- --lab` (or `bash scripts/toolchain.sh --lab`)";

interface BinaryLookup {
  readonly key: keyof LabBinaryPaths;
  readonly file: string;
  /** The variable a user sets to point at their own build. */
  readonly envVar: string;
  /** The variable scripts/toolchain.sh writes into toolchain.env, for binaries it provides. */
  readonly toolchainVar?: string;
  /** Other places it is known to live, relative to the toolchain cache. */
  readonly cached?: readonly string[];
  /** How to get it when it is not found. */
  readonly hint: string;
}

const DEBIAN = (pkg: string): string => `install it (Debian: apt-get install ${pkg})`;

const LOOKUPS: Readonly<Record<keyof LabBinaryPaths, BinaryLookup>> = {
  etcd: { key: "etcd", file: "etcd", envVar: "ETCD", toolchainVar: "GITOPS_TOOLCHAIN_ETCD", hint: TOOLCHAIN_HINT },
  kubeApiserver: { key: "kubeApiserver", file: "kube-apiserver", envVar: "KUBE_APISERVER", toolchainVar: "GITOPS_TOOLCHAIN_KUBE_APISERVER", hint: TOOLCHAIN_HINT },
  kubeControllerManager: { key: "kubeControllerManager", file: "kube-controller-manager", envVar: "KUBE_CONTROLLER_MANAGER", toolchainVar: "GITOPS_TOOLCHAIN_KUBE_CONTROLLER_MANAGER", hint: TOOLCHAIN_HINT },
  kubeScheduler: { key: "kubeScheduler", file: "kube-scheduler", envVar: "KUBE_SCHEDULER", toolchainVar: "GITOPS_TOOLCHAIN_KUBE_SCHEDULER", hint: TOOLCHAIN_HINT },
  kwok: { key: "kwok", file: "kwok", envVar: "KWOK", toolchainVar: "GITOPS_TOOLCHAIN_KWOK", hint: TOOLCHAIN_HINT },
  argocd: { key: "argocd", file: "argocd", envVar: "ARGOCD", toolchainVar: "GITOPS_TOOLCHAIN_ARGOCD", hint: TOOLCHAIN_HINT },
  helm: { key: "helm", file: "helm", envVar: "HELM", toolchainVar: "GITOPS_TOOLCHAIN_HELM", hint: TOOLCHAIN_HINT },
  kustomize: { key: "kustomize", file: "kustomize", envVar: "KUSTOMIZE", cached: ["tools/kustomize-v5.8.1/kustomize"], hint: "`bash scripts/install-kustomize.sh`" },
  git: { key: "git", file: "git", envVar: "GIT", hint: DEBIAN("git") },
  redisServer: { key: "redisServer", file: "redis-server", envVar: "REDIS_SERVER", hint: DEBIAN("redis-server") },
};

const CONTROL_PLANE_BINARIES = ["etcd", "kubeApiserver", "kubeControllerManager", "kubeScheduler", "kwok", "git"] as const satisfies readonly (keyof ResolvedBinaries)[];
const ARGOCD_BINARIES = ["argocd", "redisServer", "git", "helm", "kustomize"] as const satisfies readonly (keyof ArgoCdBinaries)[];

export class MissingBinaryError extends Error {
  constructor(readonly missing: readonly string[], details: readonly string[]) {
    const lookups = Object.values(LOOKUPS).filter((l) => missing.includes(l.file));
    const hints = [...new Set(lookups.map((l) => l.hint))];
    super(
      `${missing.join(", ")} not found. Get ${missing.length > 1 ? "them" : "it"}: ${hints.join("; ")}; ` +
        `or point ${lookups.map((l) => l.envVar).join("/")} at your own binary.\n` +
        details.map((d) => `  ${d}`).join("\n"),
    );
    this.name = "MissingBinaryError";
  }
}

/** `export NAME="value"` lines of toolchain.env; other lines (comments, PATH) are ignored. */
export function parseToolchainEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^export ([A-Z0-9_]+)="([^"$]*)"\s*$/.exec(line.trim());
    if (match) vars.set(match[1], match[2]);
  }
  return vars;
}

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function resolve<K extends keyof LabBinaryPaths>(keys: readonly K[], explicit: LabBinaryPaths, env: NodeJS.ProcessEnv): Record<K, string> {
  const cache = toolchainCacheDir(env);
  const envFile = path.join(cache, "toolchain.env");
  const toolchain = fs.existsSync(envFile) ? parseToolchainEnv(fs.readFileSync(envFile, "utf8")) : new Map<string, string>();
  const found: Partial<Record<K, string>> = {};
  const missing: string[] = [];
  const details: string[] = [];
  for (const key of keys) {
    const lookup = LOOKUPS[key];
    const given = explicit[key] ?? env[lookup.envVar];
    if (given) {
      if (isExecutable(given)) found[key] = path.resolve(given);
      else {
        missing.push(lookup.file);
        details.push(`${lookup.file}: ${explicit[key] ? "the given path" : `$${lookup.envVar}`} ${given} is not an executable file`);
      }
      continue;
    }
    const candidates = [
      lookup.toolchainVar ? toolchain.get(lookup.toolchainVar) : undefined,
      // toolchain.sh rewrites toolchain.env on every run with only what that run
      // resolved (e.g. `--only etcd`), but its bin directory keeps every symlink.
      ...["GITOPS_TOOLCHAIN_BIN", "KUBEBUILDER_ASSETS"].map((v) => toolchain.get(v)).filter((d): d is string => !!d).map((d) => path.join(d, lookup.file)),
      ...(lookup.cached ?? []).map((rel) => path.join(cache, rel)),
      ...(env.PATH ?? "").split(path.delimiter).filter((d) => d).map((d) => path.join(d, lookup.file)),
    ].filter((c): c is string => !!c);
    const hit = candidates.find(isExecutable);
    if (hit) found[key] = hit;
    else {
      missing.push(lookup.file);
      details.push(`${lookup.file}: not in $${lookup.envVar}, ${envFile}${fs.existsSync(envFile) ? "" : " (absent)"}, or PATH`);
    }
  }
  if (missing.length > 0) throw new MissingBinaryError(missing, details);
  return found as Record<K, string>;
}

/** The control plane's binaries, KWOK's and git's daemon (for the lab's Git remote). */
export function resolveBinaries(explicit: LabBinaryPaths, env: NodeJS.ProcessEnv): ResolvedBinaries {
  const found = resolve(CONTROL_PLANE_BINARIES, explicit, env);
  return { ...found, gitDaemon: gitDaemonOf(found.git) };
}

/**
 * `git daemon` runs git-daemon as a child that holds the socket; the lab starts git-daemon
 * itself, so the process it tracks is the one listening.
 */
function gitDaemonOf(git: string): string {
  let execPath: string;
  try {
    execPath = execFileSync(git, ["--exec-path"], { encoding: "utf8" }).trim();
  } catch (error) {
    throw new MissingBinaryError(["git-daemon"], [`${git} --exec-path failed: ${(error as Error).message}`]);
  }
  const daemon = path.join(execPath, "git-daemon");
  if (!isExecutable(daemon)) throw new MissingBinaryError(["git-daemon"], [`${daemon} is not an executable file (Debian: apt-get install git)`]);
  return daemon;
}

/** Argo CD's binary, Redis, and the tools the repo server runs. */
export function resolveArgoCdBinaries(explicit: LabBinaryPaths, env: NodeJS.ProcessEnv): ArgoCdBinaries {
  return resolve(ARGOCD_BINARIES, explicit, env);
}
