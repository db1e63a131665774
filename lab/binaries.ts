/**
 * Finds etcd, kube-apiserver and kube-controller-manager: explicit option, then the env
 * var (ETCD, KUBE_APISERVER, KUBE_CONTROLLER_MANAGER), then what scripts/toolchain.sh
 * recorded in <cache>/toolchain.env, then PATH. A missing binary is an error that says
 * how to get it; an env var pointing nowhere is an error too (never silently ignored).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { toolchainCacheDir, type LabBinaryPaths } from "./config";
import type { ResolvedBinaries } from "./components";

export const TOOLCHAIN_HINT = "`npm run toolchain -- --lab` (or `bash scripts/toolchain.sh --lab`)";

interface BinaryLookup {
  readonly key: keyof ResolvedBinaries;
  readonly file: string;
  /** The variable a user sets to point at their own build. */
  readonly envVar: string;
  /** The variable scripts/toolchain.sh writes into toolchain.env. */
  readonly toolchainVar: string;
}

const LOOKUPS: readonly BinaryLookup[] = [
  { key: "etcd", file: "etcd", envVar: "ETCD", toolchainVar: "GITOPS_TOOLCHAIN_ETCD" },
  { key: "kubeApiserver", file: "kube-apiserver", envVar: "KUBE_APISERVER", toolchainVar: "GITOPS_TOOLCHAIN_KUBE_APISERVER" },
  { key: "kubeControllerManager", file: "kube-controller-manager", envVar: "KUBE_CONTROLLER_MANAGER", toolchainVar: "GITOPS_TOOLCHAIN_KUBE_CONTROLLER_MANAGER" },
];

export class MissingBinaryError extends Error {
  constructor(readonly missing: readonly string[], details: readonly string[]) {
    super(
      `${missing.join(", ")} not found. Build ${missing.length > 1 ? "them" : "it"} with ${TOOLCHAIN_HINT}, ` +
        `or point ${LOOKUPS.filter((l) => missing.includes(l.file)).map((l) => l.envVar).join("/")} at your own binary.\n` +
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

export function resolveBinaries(explicit: LabBinaryPaths, env: NodeJS.ProcessEnv): ResolvedBinaries {
  const envFile = path.join(toolchainCacheDir(env), "toolchain.env");
  const toolchain = fs.existsSync(envFile) ? parseToolchainEnv(fs.readFileSync(envFile, "utf8")) : new Map<string, string>();
  const found: Partial<Record<keyof ResolvedBinaries, string>> = {};
  const missing: string[] = [];
  const details: string[] = [];
  for (const lookup of LOOKUPS) {
    const given = explicit[lookup.key] ?? env[lookup.envVar];
    if (given) {
      if (isExecutable(given)) found[lookup.key] = path.resolve(given);
      else {
        missing.push(lookup.file);
        details.push(`${lookup.file}: ${explicit[lookup.key] ? "the given path" : `$${lookup.envVar}`} ${given} is not an executable file`);
      }
      continue;
    }
    const candidates = [
      toolchain.get(lookup.toolchainVar),
      // toolchain.sh rewrites toolchain.env on every run with only what that run
      // resolved (e.g. `--only etcd`), but its bin directory keeps every symlink.
      ...["GITOPS_TOOLCHAIN_BIN", "KUBEBUILDER_ASSETS"].map((v) => toolchain.get(v)).filter((d): d is string => !!d).map((d) => path.join(d, lookup.file)),
      ...(env.PATH ?? "").split(path.delimiter).filter((d) => d).map((d) => path.join(d, lookup.file)),
    ].filter((c): c is string => !!c);
    const hit = candidates.find(isExecutable);
    if (hit) found[lookup.key] = hit;
    else {
      missing.push(lookup.file);
      details.push(`${lookup.file}: not in $${lookup.envVar}, ${envFile}${fs.existsSync(envFile) ? "" : " (absent)"}, or PATH`);
    }
  }
  if (missing.length > 0) throw new MissingBinaryError(missing, details);
  return found as ResolvedBinaries;
}
