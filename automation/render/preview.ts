/**
 * The PR comment for a preview: summary table first, then one collapsible
 * section per stack and, inside it, one per resource with its changed
 * property names. Data in, Markdown out; the result passes through the Redactor.
 */
import { comparePaths, stackHasChanges } from "../changes";
import { type OpType, resourceNameOf } from "../engine/events";
import { Redactor } from "../redact";
import type { Diagnostic, OutputChange, PolicyViolation, PreviewReport, ResourceChange, ResourceState, StackPreview } from "../types";
import { DETAILS_CLOSE, codeSpan, detailsOpen, escapeHtml, fencedBlock, plural, tableCell, truncate } from "./markdown";
import { PREVIEW_MARKER, partMarker } from "./markers";
import { changedOps, countCells, countHeader, runNotes, stateOf, unfinished } from "./run-summary";
import { GITHUB_BODY_LIMIT, splitLines } from "./split";

export interface PreviewRenderOptions {
  /** Masks registered secrets in the output. Default: a Redactor with nothing registered. */
  readonly redactor?: Redactor;
  /** Heading. Default "Pulumi preview". */
  readonly title?: string;
  /** Commit the preview ran on, shown in the footer. Default: not shown. */
  readonly commit?: string;
  /** Link to the workflow run. Default: not shown. */
  readonly runUrl?: string;
  /** Name of the artifact with the full JSON report. Default "preview-report.json". */
  readonly artifactName?: string;
  /** Characters per comment. Default 65,536 (GitHub's limit). */
  readonly limit?: number;
  /** Comments to use at most; beyond that the text is cut with a note pointing to the artifact. Default 5. */
  readonly maxParts?: number;
}

const OP_LABEL: Partial<Record<OpType, string>> = {
  create: "+ create",
  update: "~ update",
  replace: "+- replace",
  delete: "- delete",
  read: "> read",
  import: "= import",
  "import-replacement": "=+- import-replace",
  discard: "- discard",
};
/** Order of resources in a stack section: the most destructive first. */
const OP_RANK: OpType[] = ["replace", "import-replacement", "delete", "discard", "create", "update", "import", "read"];
/** Longest diagnostic message shown; the artifact has them whole. */
const MAX_DIAGNOSTIC = 4_000;
const OUTPUT_KIND: Record<OutputChange["kind"], string> = { add: "added", delete: "removed", update: "changed", unknown: "known after apply" };

/** The whole comment as one Markdown text (may exceed GitHub's limit; see renderPreviewComment). */
export function renderPreview(report: PreviewReport, options: PreviewRenderOptions = {}): string {
  return previewLines(report, options).join("\n");
}

/** The comment split into parts that each fit GitHub's limit; part 1 always holds the summary table. */
export function renderPreviewComment(report: PreviewReport, options: PreviewRenderOptions = {}): string[] {
  const artifact = options.artifactName ?? "preview-report.json";
  return splitLines(previewLines(report, options), {
    limit: options.limit ?? GITHUB_BODY_LIMIT,
    maxParts: options.maxParts ?? 5,
    partHeader: (part) => `${partMarker(PREVIEW_MARKER, part)}\n_${escapeHtml(options.title ?? "Pulumi preview")}, continued (part ${part})_\n`,
    truncationNote: (omitted) =>
      `> [!WARNING]\n> The preview is too long for GitHub comments; ${plural(omitted, "more line")} are not shown. ` +
      `The full report is in the ${codeSpan(artifact)} artifact${options.runUrl ? ` of [this run](${options.runUrl})` : ""}.`,
  });
}

/**
 * The comment as lines. The data is masked before it is escaped or truncated,
 * and every line is masked again: an escaped or cut secret is still a secret.
 */
function previewLines(input: PreviewReport, options: PreviewRenderOptions): string[] {
  const redactor = options.redactor ?? new Redactor();
  const report = redactor.maskValue(input) as PreviewReport;
  const columns = countHeader(report.stacks);
  const lines: string[] = [PREVIEW_MARKER, `### ${escapeHtml(options.title ?? "Pulumi preview")}`, ""];
  lines.push(`| Stack | ${columns.join(" | ")} | Status |`, `| --- | ${columns.map(() => "---:").join(" | ")} | --- |`);
  for (const stack of report.stacks) {
    const cells = countCells(stack, report.stacks, stack.status === "failed");
    lines.push(`| ${codeSpan(stack.stack)} | ${cells.join(" | ")} | ${tableCell(statusOf(stack))} |`);
  }
  for (const stack of report.notAffected) lines.push(`| ${codeSpan(stack)} | ${columns.map(() => "–").join(" | ")} | ⏭️ not affected |`);
  lines.push("");
  if (report.stacks.length === 0) lines.push("**No changes.** No stack is affected by the files this change touches.", "");
  else if (!report.hasChanges && report.ok) lines.push("**No changes.** The infrastructure already matches this commit.", "");
  lines.push(footer(options), "");
  for (const stack of report.stacks) lines.push(...stackSection(stack));
  return lines.map((line) => redactor.redact(line));
}

function footer(options: PreviewRenderOptions): string {
  const bits = [
    options.commit ? `commit ${codeSpan(options.commit.slice(0, 12))}` : undefined,
    options.runUrl ? `[workflow run](${options.runUrl})` : undefined,
    `full report: ${codeSpan(options.artifactName ?? "preview-report.json")} artifact`,
  ].filter((bit): bit is string => bit !== undefined);
  return `<sub>${bits.join(" · ")}</sub>`;
}

function statusOf(stack: StackPreview): string {
  const notes = runNotes(stack);
  if (stack.status === "failed") return `❌ failed (${[stack.error?.kind ?? "error", ...notes].join("; ")})`;
  if (stack.result !== undefined && stack.result !== "succeeded") return `❌ ${stack.result}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
  if (notes.length > 0) return `⚠️ ${notes.join("; ")}`;
  if (stackHasChanges(stack)) return changedOps(stack.counts).length > 0 ? "🟡 changes" : "🟡 outputs change";
  return "✅ no changes";
}

function stackSection(stack: StackPreview): string[] {
  const changes = stack.resources.filter((r) => r.op !== "same");
  const outputs = stack.outputChanges ?? [];
  const lines = [detailsOpen(`<b>${escapeHtml(stack.stack)}</b>: ${escapeHtml(stackHeadline(stack))}`), ""];
  if (stack.error) lines.push(`**${stack.error.kind}**: ${escapeHtml(truncate(stack.error.message, MAX_DIAGNOSTIC)).replace(/\n/g, "<br>")}`, "");
  if (stack.maybeCorrupt) {
    lines.push("⚠️ **The engine reports that the stack's state may be corrupt** (`maybeCorrupt`). Check it with `pulumi stack export` before the next update.", "");
  }
  lines.push(...diagnosticsBlock(stack.diagnostics), ...policyTable(stack.policyViolations));
  if (changes.length === 0 && outputs.length === 0 && stack.status === "succeeded") lines.push("No changes.", "");
  for (const resource of sortByRank(changes)) lines.push(...resourceSection(resource));
  if (outputs.length > 0) lines.push("**Outputs**", "", ...outputs.map((o) => `- ${codeSpan(o.name)} (${OUTPUT_KIND[o.kind]})`), "");
  lines.push(DETAILS_CLOSE, "");
  return lines;
}

/** The stack's one-line story, from the same model as the table: counted operations, unfinished steps, outputs. */
function stackHeadline(stack: StackPreview): string {
  const { failed, interrupted } = unfinished(stack);
  const outputs = (stack.outputChanges ?? []).filter((o) => o.kind !== "unknown").length;
  const parts = [
    ...changedOps(stack.counts).map((op) => `${stack.counts[op]} to ${op}`),
    ...(failed > 0 ? [`${failed} failed`] : []),
    ...(interrupted > 0 ? [`${interrupted} interrupted`] : []),
    ...(outputs > 0 ? [plural(outputs, "output") + " to change"] : []),
  ];
  if (stack.status === "failed") return `failed${parts.length ? ` (${parts.join(", ")} before failing)` : ""}`;
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

function diagnosticsBlock(diagnostics: readonly Diagnostic[]): string[] {
  if (diagnostics.length === 0) return [];
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const text = diagnostics
    .map((d) => `${d.severity}:${d.urn ? ` ${resourceNameOf(d.urn)}:` : ""} ${truncate(d.message, MAX_DIAGNOSTIC)}`)
    .join("\n");
  return [`**Diagnostics** (${plural(errors, "error")}, ${plural(diagnostics.length - errors, "warning")})`, "", ...fencedBlock("text", text), ""];
}

function policyTable(violations: readonly PolicyViolation[]): string[] {
  if (violations.length === 0) return [];
  const rows = violations.map(
    (v) =>
      `| ${tableCell(`${v.policyPack}@${v.policyPackVersion}`)} | ${tableCell(v.policy)} | ${tableCell(v.enforcementLevel)} | ${v.urn ? codeSpan(resourceNameOf(v.urn)) : "stack"} | ${tableCell(truncate(v.message, 500))} |`,
  );
  return ["**Policy violations**", "", "| Pack | Policy | Level | Resource | Message |", "| --- | --- | --- | --- | --- |", ...rows, ""];
}

const STATE_NOTE: Record<ResourceState, string> = { done: "", failed: " ⚠️ failed", interrupted: " ⏸️ interrupted (never finished)" };

function resourceSection(resource: ResourceChange): string[] {
  const label = OP_LABEL[resource.op] ?? resource.op;
  const summary = `<code>${escapeHtml(label)}</code> <b>${escapeHtml(resource.name)}</b> <code>${escapeHtml(resource.type)}</code>${STATE_NOTE[stateOf(resource)]}`;
  const lines = [detailsOpen(summary), ""];
  const replacing = new Set(resource.replacementProperties);
  const properties =
    replacing.size === 0 ? resource.changedProperties : [...new Set([...resource.changedProperties, ...resource.replacementProperties])].sort(comparePaths);
  if (properties.length > 0) {
    for (const path of properties) lines.push(`- ${codeSpan(path)}${replacing.has(path) ? " (forces replacement)" : ""}`);
  } else {
    lines.push(noPropertiesText(resource));
  }
  if (resource.steps.length > 1) lines.push("", `Steps: ${resource.steps.map((s) => codeSpan(s)).join(" → ")}`);
  lines.push("", `URN: ${codeSpan(resource.urn)}`, "", DETAILS_CLOSE, "");
  return lines;
}

function noPropertiesText({ op, type }: ResourceChange): string {
  if (type === "pulumi:pulumi:Stack") return "The stack itself; its output changes are listed under **Outputs**.";
  if (op === "create") return "New resource.";
  if (op === "import" || op === "import-replacement") return "Imported from the provider.";
  if (op === "delete") return "The resource will be deleted.";
  if (op === "read") return "Read from the provider.";
  return "The provider reported no property names.";
}

/** Most destructive first, then by URN, so the comment reads the same on every run. */
function sortByRank(resources: readonly ResourceChange[]): ResourceChange[] {
  const rank = (op: OpType): number => (OP_RANK.includes(op) ? OP_RANK.indexOf(op) : OP_RANK.length);
  return resources
    .map((resource) => ({ resource, rank: rank(resource.op) }))
    .sort((a, b) => a.rank - b.rank || (a.resource.urn < b.resource.urn ? -1 : a.resource.urn > b.resource.urn ? 1 : 0))
    .map((entry) => entry.resource);
}
