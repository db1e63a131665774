/** A lint rule: an id, a one-line purpose, and a pure check over the lint context. */
import type { ArgoObject } from "../argocd/applications";
import { lineOfPath, type PathSegment } from "../yaml/source-file";
import type { LintContext } from "./context";
import type { Finding, Severity } from "./finding";
import type { SourceLocation } from "./source-locator";

export interface Rule {
  readonly id: string;
  readonly description: string;
  check(context: LintContext): Finding[];
}

export function findingAt(rule: string, location: SourceLocation, message: string, severity: Severity = "error"): Finding {
  return { rule, severity, file: location.file, line: location.line, message };
}

/**
 * Location of a field of an Argo CD object (inside an ApplicationSet's template
 * for generated Applications), falling back to its name, so a finding always has a line.
 */
export function locateIn(object: ArgoObject, path: readonly PathSegment[]): SourceLocation {
  const { file, document, prefix } = object;
  const line =
    lineOfPath(file, document.doc, [...prefix, ...path]) ??
    lineOfPath(file, document.doc, [...prefix, "metadata", "name"]) ??
    lineOfPath(file, document.doc, ["metadata", "name"]) ??
    1;
  return { file: file.path, line };
}

/** Location of the deepest existing prefix of `path` (a missing field is reported where it should go). */
export function locateNearest(object: ArgoObject, path: readonly PathSegment[]): SourceLocation {
  for (let length = path.length; length > 0; length--) {
    const line = lineOfPath(object.file, object.document.doc, [...object.prefix, ...path.slice(0, length)]);
    if (line !== undefined) return { file: object.file.path, line };
  }
  return locateIn(object, []);
}
