/** A deploy's result as Markdown, for the job summary. Pure strings. */
import { Redactor } from "../redact";
import type { DeployReport } from "../types";
import { codeSpan, escapeHtml, fencedBlock, tableCell } from "./markdown";

export interface DeployRenderOptions {
  /** Masks registered secrets. Default: a Redactor with nothing registered. */
  readonly redactor?: Redactor;
  /** Commit that was deployed. Default: not shown. */
  readonly commit?: string;
}

export function renderDeploySummary(input: DeployReport, options: DeployRenderOptions = {}): string {
  const redactor = options.redactor ?? new Redactor();
  const report = redactor.maskValue(input) as DeployReport;
  const lines = [
    `### Pulumi deploy${options.commit ? ` of ${codeSpan(options.commit.slice(0, 12))}` : ""}`,
    "",
    "| Stack | Create | Update | Replace | Delete | Status |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const s of report.stacks) {
    const c = s.counts;
    const status = s.status === "succeeded" ? "✅ deployed" : `❌ failed (${s.error?.kind ?? "error"})`;
    lines.push(`| ${codeSpan(s.stack)} | ${c.create ?? 0} | ${c.update ?? 0} | ${c.replace ?? 0} | ${c.delete ?? 0} | ${tableCell(status)} |`);
  }
  for (const stack of report.notRun) lines.push(`| ${codeSpan(stack)} | – | – | – | – | ⏸️ not run (an earlier stack failed) |`);
  for (const s of report.stacks.filter((x) => x.error)) {
    lines.push("", `**${escapeHtml(s.stack)}**: ${escapeHtml(s.error!.kind)}`, "", ...fencedBlock("text", s.error!.message));
  }
  return redactor.redact(`${lines.join("\n")}\n`);
}
