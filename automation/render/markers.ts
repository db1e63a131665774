/**
 * Hidden markers that identify our comments and issues, so each run edits what
 * the previous run wrote instead of adding to it.
 */

export const PREVIEW_MARKER = "<!-- gitops-platform:preview -->";
export const DRIFT_MARKER = "<!-- gitops-platform:drift -->";

/** Marker of the n-th part (n ≥ 2) of a comment that had to be split. */
export function partMarker(base: string, part: number): string {
  return base.replace(/ -->$/, ` part ${part} -->`);
}

/** The part number a body is marked with: 1 for the base marker, n for a part marker, undefined otherwise. */
export function markedPart(body: string, base: string): number | undefined {
  const firstLine = body.split("\n", 1)[0]!.trim();
  if (firstLine === base) return 1;
  const prefix = base.replace(/ -->$/, " part ");
  if (!firstLine.startsWith(prefix) || !firstLine.endsWith(" -->")) return undefined;
  const part = Number(firstLine.slice(prefix.length, -4));
  return Number.isInteger(part) && part >= 2 ? part : undefined;
}

/** Marker of the drift issue of one stack. */
export function driftIssueMarker(stack: string): string {
  return `<!-- gitops-platform:drift stack=${stack} -->`;
}
