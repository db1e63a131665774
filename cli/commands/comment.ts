/**
 * `gitops comment`: the last job of a CI matrix (one job per stack). Reads the
 * plan and every stack's JSON report, merges them, and publishes the result
 * where a single runner would: the one sticky PR comment (preview) or one issue
 * per stack and the webhook (drift), plus the job summary. A planned stack
 * without a report is listed as failed, never dropped.
 * Exit codes: preview 0 ok · 1 a stack failed or left no report, or posting failed;
 * drift 0 clean · 2 drift · 1 an error (an error wins over drift).
 */
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { commandContext, positiveInt, reportError, writeOutputs } from "../../automation/cli/common";
import { type CommandRuntime, EXIT } from "../../automation/cli/runtime";
import { parseMatrixPlan } from "../../automation/matrix-plan";
import { type MergedReport, type ReportSource, mergeDriftReports, mergePreviewReports } from "../../automation/report-merge";
import { parseStackReport, type StackReport } from "../../automation/report-schema";
import { renderDriftSummary } from "../../automation/render/drift";
import { renderJsonReport } from "../../automation/render/json";
import { renderPreview } from "../../automation/render/preview";
import { driftRenderOptions, publishDrift } from "./drift";
import { postPreviewComment, previewJsonReport, previewRenderOptions } from "./preview";

interface CommentCommandOptions {
  readonly reports: string;
  readonly plan: string;
  readonly post: boolean;
  readonly label: string;
  readonly webhookUrl?: string;
  readonly maxParts?: number;
  readonly json?: boolean;
  readonly reportFile?: string;
  readonly summaryFile?: string | false;
}

export function registerCommentCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command("comment")
    .description("merge the per-stack reports of a CI matrix into the PR comment (preview) or the drift issues, and the job summary")
    .requiredOption("--reports <dir>", "directory holding the jobs' JSON reports, searched at any depth (as actions/download-artifact lays them out)")
    .requiredOption("--plan <file>", "the plan printed by `gitops preview --plan` or `gitops drift --plan`: which stacks must have reported")
    .option("--no-post", "only print and write the summary; post no PR comment, drift issue or webhook (default: post)")
    .option("--label <name>", "label of drift issues", "drift")
    .option("--webhook-url <url>", "drift: POST a Slack-compatible message here (default: $GITOPS_DRIFT_WEBHOOK_URL, else none)")
    .option("--max-parts <n>", "preview: comments to split a long preview into before shortening it (default: 5)", positiveInt("--max-parts"))
    .option("--json", "print the merged JSON report on stdout instead of Markdown (default: Markdown)")
    .option("--report-file <path>", "also write the merged JSON report to this file (default: none)")
    .option("--summary-file <path>", "append Markdown to this file (default: $GITHUB_STEP_SUMMARY when set)")
    .option("--no-summary-file", "do not write the job summary")
    .action(async (options: CommentCommandOptions) => {
      runtime.exitCode = await runComment(runtime, options);
    });
}

async function runComment(runtime: CommandRuntime, options: CommentCommandOptions): Promise<number> {
  const context = commandContext(runtime, {});
  let merged: MergedReport<StackReport>;
  try {
    const plan = parseMatrixPlan(await runtime.services.readFile(resolve(runtime.cwd, options.plan)), options.plan);
    const sources = await readReports(runtime, options.reports);
    merged = plan.operation === "preview" ? mergePreviewReports(plan, sources) : mergeDriftReports(plan, sources);
  } catch (error) {
    reportError(runtime, context.redactor, "cannot merge the reports", error);
    return EXIT.error;
  }
  const { report } = merged;
  let problems: string[];
  if (report.operation === "preview") {
    const render = previewRenderOptions(context, options.maxParts);
    problems = await writeOutputs(runtime, options, { json: previewJsonReport(report, context), markdown: renderPreview(report, render) });
    const problem = options.post ? await postPreviewComment(runtime, context, report, render) : undefined;
    if (problem) problems.push(problem);
  } else {
    const render = driftRenderOptions(context);
    problems = await writeOutputs(runtime, options, { json: renderJsonReport(report, { redactor: context.redactor }), markdown: renderDriftSummary(report, render) });
    if (options.post) problems.push(...(await publishDrift(runtime, context, report, { issue: true, label: options.label, ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}), render })));
  }
  if (merged.missing.length > 0) problems.push(`no report from ${merged.missing.length} of ${report.stacks.length} stacks: ${merged.missing.join(", ")}`);
  if (merged.failed.length > 0) problems.push(`${report.operation} failed for ${merged.failed.join(", ")}`);
  for (const problem of problems) runtime.io.stderr.write(`gitops: ${context.redactor.redact(problem)}\n`);
  if (!report.ok || problems.length > 0) return EXIT.error;
  return report.operation === "drift" && report.drifted ? EXIT.drift : EXIT.ok;
}

/** Every `.json` file under the directory, in path order. No directory means no job reported, which the merge lists. */
async function readReports(runtime: CommandRuntime, dir: string): Promise<ReportSource[]> {
  const root = resolve(runtime.cwd, dir);
  let files: string[];
  try {
    files = await runtime.services.listFiles(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    runtime.io.stderr.write(`gitops: ${dir} does not exist: no job uploaded a report\n`);
    files = [];
  }
  const sources: ReportSource[] = [];
  for (const file of files.filter((f) => f.endsWith(".json")).sort()) {
    const source = relative(runtime.cwd, file) || file;
    sources.push({ source, report: parseStackReport(await runtime.services.readFile(file), source) });
  }
  return sources;
}
