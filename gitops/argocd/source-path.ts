/**
 * Application source paths as Argo CD's repo server resolves them: joined to
 * the repository root and cleaned, so `./apps/x/`, `apps//x` and `apps/x` are
 * one directory; absolute paths and paths leaving the repository are refused.
 */
import { posix } from "node:path";

export type NormalizedPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export function normalizeSourcePath(raw: string): NormalizedPath {
  if (raw.startsWith("/")) return { ok: false, reason: `is absolute; Argo CD resolves source paths relative to the repository root (write ${raw.replace(/^\/+/, "") || "."})` };
  const cleaned = posix.normalize(raw === "" ? "." : raw).replace(/\/+$/, "");
  if (cleaned === ".." || cleaned.startsWith("../")) return { ok: false, reason: "leaves the repository" };
  return { ok: true, path: cleaned === "." ? "" : cleaned };
}

/** Levenshtein distance, for "did you mean" on typo'd paths. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest existing directory to a missing one, when it is close enough to be a typo. */
export function closestDirectory(missing: string, dirs: Iterable<string>): string | undefined {
  let best: { dir: string; score: number } | undefined;
  for (const dir of dirs) {
    if (dir === "") continue;
    const score = distance(missing, dir);
    if (!best || score < best.score) best = { dir, score };
  }
  return best && best.score <= Math.max(2, Math.floor(missing.length / 5)) ? best.dir : undefined;
}
