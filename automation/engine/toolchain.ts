/**
 * The engine `npm run toolchain` provides: the pulumi CLI and PULUMI_HOME it
 * recorded in `<cache>/toolchain.env`, unless the environment already names them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseToolchainEnv } from "../../lab/binaries";
import { toolchainCacheDir } from "../../lab/config";
import type { LocalEngineOptions } from "./local";

export function engineFromToolchain(env: NodeJS.ProcessEnv = process.env): LocalEngineOptions {
  const found = toolchainEngine(env);
  if (!found) throw new Error(`no Pulumi CLI: run \`npm run toolchain\` (records it in ${path.join(toolchainCacheDir(env), "toolchain.env")}) or put pulumi on PATH`);
  return found;
}

/** The toolchain's engine, or undefined when neither the toolchain nor PATH has a pulumi. */
export function toolchainEngine(env: NodeJS.ProcessEnv = process.env): LocalEngineOptions | undefined {
  const file = path.join(toolchainCacheDir(env), "toolchain.env");
  const recorded = fs.existsSync(file) ? parseToolchainEnv(fs.readFileSync(file, "utf8")) : new Map<string, string>();
  const pulumi = env.GITOPS_PULUMI_ROOT ? undefined : recorded.get("GITOPS_TOOLCHAIN_PULUMI");
  const pulumiRoot = env.GITOPS_PULUMI_ROOT ?? (pulumi ? path.dirname(path.dirname(pulumi)) : undefined);
  const pulumiHome = env.PULUMI_HOME ?? recorded.get("PULUMI_HOME");
  if (!pulumiRoot && !(env.PATH ?? "").split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, "pulumi")))) return undefined;
  return { ...(pulumiRoot ? { pulumiRoot } : {}), ...(pulumiHome ? { pulumiHome } : {}) };
}

/** The directory with every toolchain binary side by side (kubectl, helm, ...), if the toolchain ran. */
export function toolchainBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(toolchainCacheDir(env), "toolchain.env");
  return fs.existsSync(file) ? parseToolchainEnv(fs.readFileSync(file, "utf8")).get("GITOPS_TOOLCHAIN_BIN") : undefined;
}
