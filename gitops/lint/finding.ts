/** What a lint rule reports: always a file and a line, so an editor or a PR annotation can point at it. */
export type Severity = "error" | "warning";

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** Path relative to the linted root, forward slashes. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  readonly message: string;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}

/** `file:line: [rule] message`, the format compilers use, so terminals and CI make it clickable. */
export function formatFinding(finding: Finding): string {
  const prefix = finding.severity === "warning" ? "warning: " : "";
  return `${finding.file}:${finding.line}: [${finding.rule}] ${prefix}${finding.message}`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
