/**
 * App overlays: `apps/overlays/<env>/<app>/kustomization.yaml`. The overlay's
 * `namespace:` is where its objects land, so it is also the destination of the
 * app's generated Application (one source of truth for the namespace).
 */
import { paths } from "../../platform/layout";
import { asRecord, asString, lineOfKey, type SourceFile } from "../yaml/source-file";

export interface AppOverlay {
  readonly env: string;
  readonly app: string;
  /** `apps/overlays/<env>/<app>`. */
  readonly dir: string;
  /** The overlay's kustomization file. */
  readonly file: string;
  /** The overlay's `namespace:`, when set. */
  readonly namespace?: string;
  /** Line of `namespace:` (or 1 when absent). */
  readonly namespaceLine: number;
}

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml"] as const;

/** The kustomization file of a directory among the repository's sources. */
export function kustomizationOf(sources: ReadonlyMap<string, SourceFile>, dir: string): SourceFile | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = sources.get(`${dir}/${name}`);
    if (file) return file;
  }
  return undefined;
}

const OVERLAY_FILE = new RegExp(`^${paths.appsOverlays}/([^/]+)/([^/]+)/kustomization\\.ya?ml$`);

/** Every overlay in the repository, sorted by environment then app. */
export function discoverOverlays(sources: ReadonlyMap<string, SourceFile>): AppOverlay[] {
  const overlays: AppOverlay[] = [];
  for (const file of sources.values()) {
    const match = OVERLAY_FILE.exec(file.path);
    if (!match) continue;
    const [, env = "", app = ""] = match;
    const document = file.documents[0];
    const namespace = asString(asRecord(document?.value)?.namespace);
    const namespaceLine = (document && lineOfKey(file, document.doc, [], "namespace")) ?? 1;
    overlays.push({ env, app, dir: paths.appOverlay(env, app), file: file.path, namespaceLine, ...(namespace ? { namespace } : {}) });
  }
  return overlays.sort((a, b) => a.env.localeCompare(b.env) || a.app.localeCompare(b.app));
}
