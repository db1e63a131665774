/**
 * Finding the helm (v4, as Argo CD 3.5 renders with) binary: `HELM` when set
 * (and then only it), else the toolchain's (`GITOPS_TOOLCHAIN_HELM`, from the
 * environment or ~/.cache/gitops-platform/toolchain.env), else `helm` on PATH.
 * A missing helm is an error with instructions, never a skip.
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

export class HelmNotFoundError extends Error {
  constructor(readonly looked: readonly string[]) {
    super(`helm not found (looked in: ${looked.join(", ")}); run \`npm run toolchain\` to build the pinned helm v4, or point HELM at a helm binary`);
    this.name = "HelmNotFoundError";
  }
}

export interface LocateHelmOptions {
  /** Environment to read HELM, GITOPS_TOOLCHAIN_HELM and PATH from; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Home directory holding .cache/gitops-platform/toolchain.env; defaults to os.homedir(). */
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
  return /^export GITOPS_TOOLCHAIN_HELM="([^"]+)"$/m.exec(envFileText)?.[1];
}

function readToolchainEnv(home: string): string {
  try {
    return readFileSync(join(home, ".cache", "gitops-platform", "toolchain.env"), "utf8");
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
  const toolchain = env.GITOPS_TOOLCHAIN_HELM ?? toolchainHelm(readToolchainEnv(options.home ?? homedir()));
  const onPath = (env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "helm"));
  const found = [...(toolchain ? [toolchain] : []), ...onPath].find(isExecutable);
  if (found) return found;
  throw new HelmNotFoundError([...(toolchain ? [toolchain] : ["GITOPS_TOOLCHAIN_HELM (unset)"]), "helm on PATH"]);
}
