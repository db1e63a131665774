/**
 * Finding the helm (v4, as Argo CD 3.5 renders with) binary: `HELM` when set
 * (and then only it), else the toolchain's (`GITOPS_TOOLCHAIN_HELM`, from the
 * environment or the toolchain cache's toolchain.env), else `helm` on PATH.
 * A missing helm is an error with instructions, never a skip.
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { parseToolchainEnv } from "../../lab/binaries";
import { toolchainCacheDir } from "../../lab/config";

export class HelmNotFoundError extends Error {
  constructor(readonly looked: readonly string[]) {
    super(`helm not found (looked in: ${looked.join(", ")}); run \`npm run toolchain\` to build the pinned helm v4, or point HELM at a helm binary`);
    this.name = "HelmNotFoundError";
  }
}

export interface LocateHelmOptions {
  /** Environment to read HELM, GITOPS_TOOLCHAIN_HELM and PATH from; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Home directory holding .cache/gitops-platform/toolchain.env; defaults to the toolchain cache ($GITOPS_TOOLCHAIN_CACHE, else ~/.cache/gitops-platform). */
  readonly home?: string;
  /** Whether a path is an executable file; defaults to an fs.access check. */
  readonly isExecutable?: (path: string) => boolean;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** GITOPS_TOOLCHAIN_HELM as written into the toolchain's env file, if the toolchain provided helm. */
export function toolchainHelm(envFileText: string): string | undefined {
  return parseToolchainEnv(envFileText).get("GITOPS_TOOLCHAIN_HELM");
}

function readToolchainEnv(cacheDir: string): string {
  try {
    return readFileSync(join(cacheDir, "toolchain.env"), "utf8");
  } catch {
    return "";
  }
}

export function locateHelm(options: LocateHelmOptions = {}): string {
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? executable;
  if (env.HELM) {
    if (isExecutable(env.HELM)) return env.HELM;
    throw new HelmNotFoundError([`HELM=${env.HELM}`]);
  }
  const cacheDir = options.home ? join(options.home, ".cache", "gitops-platform") : toolchainCacheDir(env);
  const toolchain = env.GITOPS_TOOLCHAIN_HELM ?? toolchainHelm(readToolchainEnv(cacheDir));
  const onPath = (env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "helm"));
  const found = [...(toolchain ? [toolchain] : []), ...onPath].find(isExecutable);
  if (found) return found;
  throw new HelmNotFoundError([...(toolchain ? [toolchain] : ["GITOPS_TOOLCHAIN_HELM (unset)"]), "helm on PATH"]);
}
