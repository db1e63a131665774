/**
 * The rollback drill's and the guarded rollout's reports as Markdown (the job summary) and
 * as the human summary the CLI prints. Pure strings from the typed reports.
 */
import type { AppTiming } from "../rollback/argocd";
import type { DrillReport } from "../rollback/drill";
import type { RolloutReport } from "../rollback/rollout";

const seconds = (ms: number | undefined): string => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);
const short = (sha: string | undefined): string => (sha ? sha.slice(0, 12) : "—");
const ICON: Record<string, string> = { passed: "✅", reverted: "↩️", "pull-request": "📝", failed: "❌", error: "⚠️" };

function appTable(apps: readonly AppTiming[]): string[] {
  return [
    "| Application | Reconciled after | Sync | Health | Revision | Images |",
    "|---|---|---|---|---|---|",
    ...apps.map((a) => `| ${a.name} | ${seconds(a.reconciledMs)} | ${a.sync} | ${a.health} | \`${short(a.revision)}\` | ${a.images.map((i) => `\`${i}\``).join("<br>") || "—"} |`),
  ];
}

export function renderDrillMarkdown(report: DrillReport): string {
  const c = report.commits;
  const lines = [
    `## ${ICON[report.result]} Rollback drill: ${report.env} ${report.result}`,
    "",
    `Reverted \`${short(c.reverted)}\` "${c.revertedSubject}" on \`${report.branch}\` (${report.remote}); total ${seconds(report.totalMs)}.`,
    ...(report.reason ? ["", `**Reason:** ${report.reason}`] : []),
    "",
    "| Phase | Commit | Outcome | Push → all reconciled |",
    "|---|---|---|---|",
    ...report.phases.map((p) => `| ${p.name} | \`${short(p.commit)}\` | ${p.outcome}${p.detail ? `: ${p.detail}` : ""} | ${seconds(p.elapsedMs)} |`),
  ];
  for (const phase of report.phases) lines.push("", `### ${phase.name} \`${short(phase.commit)}\``, "", ...appTable(phase.applications));
  if (report.cleanup) {
    lines.push("", `**Cleanup:** ${report.cleanup.restored ? "restored" : "NOT restored"}: ${report.cleanup.detail}`);
    if (report.cleanup.commands) lines.push("", "Run:", "", "```sh", ...report.cleanup.commands, "```");
  }
  if (report.kept) lines.push("", `The revert \`${short(c.revert)}\` was kept (--keep).`);
  return `${lines.join("\n")}\n`;
}

export function renderDrillText(report: DrillReport): string {
  const c = report.commits;
  const lines = [`rollback drill ${report.env}: ${report.result.toUpperCase()} in ${seconds(report.totalMs)}${report.reason ? ` (${report.reason})` : ""}`];
  lines.push(`  reverted ${short(c.reverted)} "${c.revertedSubject}" on ${report.branch} at ${report.remote}`);
  for (const phase of report.phases) {
    lines.push(`  ${phase.name} ${short(phase.commit)}: ${phase.outcome} in ${seconds(phase.elapsedMs)}${phase.detail ? ` (${phase.detail})` : ""}`);
    for (const a of phase.applications) lines.push(`    ${a.name.padEnd(24)} ${seconds(a.reconciledMs).padStart(8)}  ${a.sync}/${a.health} at ${short(a.revision)}${a.images.length ? `  ${a.images.join(", ")}` : ""}`);
  }
  if (report.cleanup) lines.push(`  cleanup: ${report.cleanup.restored ? "restored" : "NOT restored"}: ${report.cleanup.detail}`, ...(report.cleanup.commands ?? []).map((cmd) => `    ${cmd}`));
  if (report.kept) lines.push(`  kept the revert ${short(c.revert)} (--keep)`);
  return `${lines.join("\n")}\n`;
}

export function renderRolloutMarkdown(report: RolloutReport): string {
  const lines = [
    `## ${ICON[report.result]} Guarded rollout: ${report.env} ${report.result}`,
    "",
    `Commit \`${short(report.commit)}\` "${report.subject}"; watched ${report.applications.join(", ")}; total ${seconds(report.totalMs)}.`,
    ...(report.reason ? ["", `**Reason:** ${report.reason}`] : []),
    ...(report.revert ? ["", `Reverted by \`${short(report.revert.commit)}\` on \`${report.revert.branch}\` (${report.revert.remote}).`] : []),
    ...(report.pullRequest ? ["", `Revert pull request: ${report.pullRequest.url}`] : []),
    "",
    "| Phase | Outcome | Duration |",
    "|---|---|---|",
    ...report.phases.map((p) => `| ${p.name} | ${p.outcome}${p.detail ? `: ${p.detail}` : ""} | ${seconds(p.elapsedMs)} |`),
  ];
  for (const phase of report.phases) if (phase.applications) lines.push("", `### ${phase.name}`, "", ...appTable(phase.applications));
  return `${lines.join("\n")}\n`;
}

export function renderRolloutText(report: RolloutReport): string {
  const lines = [`rollout ${report.env} ${short(report.commit)} "${report.subject}": ${report.result.toUpperCase()} in ${seconds(report.totalMs)}${report.reason ? ` (${report.reason})` : ""}`];
  for (const p of report.phases) {
    lines.push(`  ${p.name.padEnd(12)} ${p.outcome.padEnd(10)} ${seconds(p.elapsedMs).padStart(8)}${p.detail ? `  ${p.detail}` : ""}`);
    for (const a of p.applications ?? []) lines.push(`    ${a.name.padEnd(24)} ${a.sync}/${a.health} at ${short(a.revision)}${a.images.length ? `  ${a.images.join(", ")}` : ""}`);
  }
  if (report.revert) lines.push(`  reverted by ${short(report.revert.commit)} on ${report.revert.branch} at ${report.revert.remote}`);
  if (report.pullRequest) lines.push(`  revert pull request: ${report.pullRequest.url}`);
  return `${lines.join("\n")}\n`;
}
