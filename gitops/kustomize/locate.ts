/**
 * Finding the kustomize binary. The lint proves overlays build with the real
 * tool, so a missing kustomize is an error with instructions, never a skip.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { toolchainCacheDir } from "../../lab/config";

export const KUSTOMIZE_VERSION = "v5.8.1";
export const KUSTOMIZE_INSTALL = `go install sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}`;

export class KustomizeNotFoundError extends Error {
  constructor(readonly looked: readonly string[]) {
    super(
      `kustomize not found (looked in: ${looked.join(", ")}).\n` +
        `Install it with scripts/install-kustomize.sh (or \`CGO_ENABLED=0 ${KUSTOMIZE_INSTALL}\`), ` +
        "or point KUSTOMIZE at a kustomize binary.",
    );
    this.name = "KustomizeNotFoundError";
  }
}

/** Where scripts/install-kustomize.sh caches the pinned build: the toolchain cache (GITOPS_TOOLCHAIN_CACHE honoured). */
export function cachedKustomizePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(toolchainCacheDir(env), "tools", `kustomize-${KUSTOMIZE_VERSION}`, "kustomize");
}

export interface LocateOptions {
  /** Environment variables to read KUSTOMIZE, PATH and the toolchain cache from; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
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

/**
 * `KUSTOMIZE` when set (and then only it: a wrong explicit path is an error,
 * not a reason to fall back), else the pinned cached build, else `kustomize` on PATH.
 * The cache wins over PATH so every machine builds with the same version.
 */
export function locateKustomize(options: LocateOptions = {}): string {
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? executable;
  const explicit = env.KUSTOMIZE;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new KustomizeNotFoundError([`KUSTOMIZE=${explicit}`]);
  }
  const cached = cachedKustomizePath(env);
  const onPath = (env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "kustomize"));
  const found = [cached, ...onPath].find(isExecutable);
  if (found) return found;
  throw new KustomizeNotFoundError([cached, "kustomize on PATH"]);
}
