/**
 * Drift as Markdown: one issue body per stack (edited while the drift lasts)
 * and one summary of all stacks for the job summary. Pure strings.
 */
import { Redactor } from "../redact";
import type { DriftReport, DriftedResource, StackDrift } from "../types";
import { DETAILS_CLOSE, codeSpan, detailsOpen, escapeHtml, fencedBlock, plural, tableCell, truncate } from "./markdown";
import { DRIFT_MARKER, driftIssueMarker } from "./markers";
import { GITHUB_BODY_LIMIT, splitMarkdown } from "./split";

export interface DriftRenderOptions {
  /** Masks registered secrets. Default: a Redactor with nothing registered. */
  readonly redactor?: Redactor;
  /** Link to the workflow run. Default: not shown. */
  readonly runUrl?: string;
  /** When the check ran, shown as given (e.g. an ISO timestamp). Default: not shown. */
  readonly checkedAt?: string;
  /** Name of the artifact with the full JSON report. Default "drift-report.json". */
  readonly artifactName?: string;
  /** Characters per body. Default 65,536 (GitHub's limit). */
  readonly limit?: number;
}

/** Longest value shown in a table cell; the JSON artifact has the whole value. */
const MAX_VALUE = 200;

export function driftIssueTitle(stack: string): string {
  return `Drift detected in stack ${stack}`;
}

/** The body of a stack's drift issue. Always fits one GitHub body (cut with a note when it would not). */
export function renderDriftIssue(input: StackDrift, options: DriftRenderOptions = {}): string {
  const drift = (options.redactor ?? new Redactor()).maskValue(input) as StackDrift;
  const lines = [
    driftIssueMarker(drift.stack),
    `### Drift in ${codeSpan(drift.stack)}`,
    "",
    `${plural(drift.resources.length, "resource")} in the cloud no longer match the Pulumi state. ` +
      "Expected is the value Pulumi recorded; actual is what the provider returned.",
    "",
    footer(options, drift.ignoredDifferences),
    "",
    ...remediationLine(drift),
    ...drift.resources.flatMap(resourceSection),
  ];
  return fit(lines.join("\n"), options);
}

/** One Markdown report for every stack (job summary, webhook detail). */
export function renderDriftSummary(input: DriftReport, options: DriftRenderOptions = {}): string {
  const report = (options.redactor ?? new Redactor()).maskValue(input) as DriftReport;
  const lines = [DRIFT_MARKER, "### Drift detection", "", "| Stack | Drifted resources | Ignored differences | Status |", "| --- | ---: | ---: | --- |"];
  for (const stack of report.stacks) {
    lines.push(`| ${codeSpan(stack.stack)} | ${stack.resources.length} | ${stack.ignoredDifferences} | ${tableCell(statusText(stack))} |`);
  }
  lines.push("", ...(report.drifted || !report.ok ? [] : ["**No drift.** Every stack matches its state.", ""]), footer(options), "");
  for (const stack of report.stacks.filter((s) => s.status !== "clean")) {
    lines.push(detailsOpen(`<b>${escapeHtml(stack.stack)}</b>: ${escapeHtml(statusText(stack))}`), "");
    if (stack.error) lines.push(...fencedBlock("text", `${stack.error.kind}: ${stack.error.message}`), "");
    lines.push(...remediationLine(stack), ...stack.resources.flatMap(resourceSection), DETAILS_CLOSE, "");
  }
  return fit(lines.join("\n"), options);
}

/** The comment left on a drift issue when a later run finds the stack clean again. */
export function renderDriftCleared(stack: string, options: DriftRenderOptions = {}): string {
  return `Drift in ${codeSpan(stack)} has cleared: the latest check found no differences.${options.runUrl ? ` ([run](${options.runUrl}))` : ""}`;
}

function statusText(stack: StackDrift): string {
  if (stack.status === "failed") return `❌ failed (${stack.error?.kind ?? "error"})`;
  if (stack.status === "clean") return "✅ clean";
  return `⚠️ drifted${stack.remediation ? `, remediation ${stack.remediation.status}` : ""}`;
}

function footer(options: DriftRenderOptions, ignoredDifferences = 0): string {
  const bits = [
    options.checkedAt ? `checked ${escapeHtml(options.checkedAt)}` : undefined,
    options.runUrl ? `[workflow run](${options.runUrl})` : undefined,
    ignoredDifferences > 0 ? `${plural(ignoredDifferences, "known-noise difference")} ignored` : undefined,
    `full report: ${codeSpan(options.artifactName ?? "drift-report.json")} artifact`,
  ].filter((bit): bit is string => bit !== undefined);
  return `<sub>${bits.join(" · ")}</sub>`;
}

function remediationLine(drift: StackDrift): string[] {
  if (!drift.remediation) return [];
  const reason = drift.remediation.reason ? `: ${escapeHtml(drift.remediation.reason)}` : "";
  return [`**Remediation ${drift.remediation.status}**${reason}`, ""];
}

function resourceSection(resource: DriftedResource): string[] {
  const what = resource.kind === "deleted" ? "deleted outside Pulumi" : plural(resource.properties.length, "property", "properties");
  const lines = [detailsOpen(`<b>${escapeHtml(resource.name)}</b> <code>${escapeHtml(resource.type)}</code>: ${what}`), ""];
  if (resource.kind === "deleted") lines.push("The resource no longer exists in the cloud.", "");
  else {
    lines.push("| Property | Expected (state) | Actual (cloud) |", "| --- | --- | --- |");
    for (const p of resource.properties) lines.push(`| ${tableCell(codeSpan(p.path || "(resource)"))} | ${cell(p.expected)} | ${cell(p.actual)} |`);
    lines.push("");
  }
  lines.push(`URN: ${codeSpan(resource.urn)}`, "", DETAILS_CLOSE, "");
  return lines;
}

function cell(value: unknown): string {
  if (value === undefined) return "_(absent)_";
  return tableCell(codeSpan(truncate(JSON.stringify(value), MAX_VALUE)));
}

function fit(markdown: string, options: DriftRenderOptions): string {
  const redacted = (options.redactor ?? new Redactor()).redact(markdown);
  const artifact = options.artifactName ?? "drift-report.json";
  return splitMarkdown(redacted, {
    limit: options.limit ?? GITHUB_BODY_LIMIT,
    maxParts: 1,
    truncationNote: (omitted) => `> [!WARNING]\n> ${plural(omitted, "more line")} not shown; see the ${codeSpan(artifact)} artifact.`,
  })[0]!;
}
