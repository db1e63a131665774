import type { SourceFile } from "../../yaml/source-file";
import { findingAt, type Rule } from "../rule";

/** A list entry (`- file.yaml`) or a `path: file.yaml` field: the places a kustomization names other files. */
const REFERENCE = /^\s*(?:-\s*(?:path:\s*)?|path:\s*)["']?([^"'#\s]+)["']?\s*$/;

/** The kustomization line whose reference (a resource, patch or component) the error mentions, else line 1. */
export function lineOfReferencedEntry(kustomization: SourceFile | undefined, error: string): number {
  const lines = kustomization?.text.split("\n") ?? [];
  const index = lines.findIndex((line) => {
    const value = REFERENCE.exec(line)?.[1];
    return value !== undefined && value.length > 2 && error.includes(value.replace(/^\.\//, ""));
  });
  return index >= 0 ? index + 1 : 1;
}

/** Every overlay builds with the real kustomize; its error is reported verbatim. */
export const overlayBuilds: Rule = {
  id: "overlay-builds",
  description: "every overlay under apps/overlays builds with kustomize",
  check: (context) =>
    context.repository.overlays.flatMap((overlay) => {
      const build = context.builds.get(overlay.dir);
      if (!build || build.ok) return [];
      const kustomization = context.repository.sources.get(overlay.file);
      return [findingAt("overlay-builds", { file: overlay.file, line: lineOfReferencedEntry(kustomization, build.error) }, `kustomize build ${overlay.dir} failed: ${build.error}`)];
    }),
};
