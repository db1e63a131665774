/** A deploy's result as Markdown, for the job summary. Pure strings. */
import { Redactor } from "../redact";
import type { DeployReport } from "../types";
import { codeSpan, escapeHtml, fencedBlock, tableCell } from "./markdown";
import { countCells, countHeader, runNotes } from "./run-summary";

export interface DeployRenderOptions {
  /** Masks registered secrets. Default: a Redactor with nothing registered. */
  readonly redactor?: Redactor;
  /** Commit that was deployed. Default: not shown. */
  readonly commit?: string;
}

export function renderDeploySummary(input: DeployReport, options: DeployRenderOptions = {}): string {
  const redactor = options.redactor ?? new Redactor();
  const report = redactor.maskValue(input) as DeployReport;
  const columns = countHeader(report.stacks);
  const lines = [
    `### Pulumi deploy${options.commit ? ` of ${codeSpan(options.commit.slice(0, 12))}` : ""}`,
    "",
    `| Stack | ${columns.join(" | ")} | Status |`,
    `| --- | ${columns.map(() => "---:").join(" | ")} | --- |`,
  ];
  for (const s of report.stacks) {
    const notes = runNotes(s);
    const status = s.status === "succeeded" ? `✅ deployed${notes.length ? ` (${notes.join("; ")})` : ""}` : `❌ failed (${[s.error?.kind ?? "error", ...notes].join("; ")})`;
    lines.push(`| ${codeSpan(s.stack)} | ${countCells(s, report.stacks, s.status === "failed").join(" | ")} | ${tableCell(status)} |`);
  }
  for (const stack of report.notRun) lines.push(`| ${codeSpan(stack)} | ${columns.map(() => "–").join(" | ")} | ⏸️ not run (an earlier stack failed) |`);
  for (const s of report.stacks.filter((x) => x.error)) {
    lines.push("", `**${escapeHtml(s.stack)}**: ${escapeHtml(s.error!.kind)}`, "", ...fencedBlock("text", s.error!.message));
  }
  return redactor.redact(`${lines.join("\n")}\n`);
}
