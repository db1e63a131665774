/**
 * `gitops preview`: preview every affected stack, print the comment (or JSON),
 * and optionally post it to the pull request. Exit 0 when every stack previewed,
 * 1 on any error, including a comment that could not be posted.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { affectedStacks, parseChangedFiles } from "../../automation/affected";
import { addCommonOptions, commandContext, type CommandContext, type CommonOptions, planOption, positiveInt, printPlan, reportError, writeOutputs, operationOptions } from "../../automation/cli/common";
import { type CommandRuntime, EXIT } from "../../automation/cli/runtime";
import { requireRepository } from "../../automation/github/context";
import { preview } from "../../automation/preview";
import { renderJsonReport } from "../../automation/render/json";
import { type PreviewRenderOptions, renderPreview, renderPreviewComment } from "../../automation/render/preview";
import type { PreviewReport } from "../../automation/types";

interface PreviewCommandOptions extends CommonOptions {
  readonly changedFiles?: string;
  readonly base?: string;
  readonly parallel?: number;
  readonly comment?: boolean;
  readonly maxParts?: number;
  readonly plan?: boolean;
}

export function registerPreviewCommand(program: Command, runtime: CommandRuntime): void {
  const command = program
    .command("preview")
    .description("preview every stack the change affects; one Markdown comment for all of them")
    .option("--changed-files <file>", "file listing changed paths, one per line or a JSON array (default: every stack is affected)")
    .option("--base <ref>", "compute changed paths with `git diff --name-only <ref>...HEAD` (default: none)")
    .option("--parallel <n>", "stacks previewed at once (default: 4)", positiveInt("--parallel"))
    .option("--comment", "post or update the PR comment; needs GITHUB_TOKEN, GITHUB_REPOSITORY and a pull_request event (default: off)")
    .option("--max-parts <n>", "comments to split a long preview into before shortening it (default: 5)", positiveInt("--max-parts"))
    .addOption(planOption("preview").conflicts(["comment", "json", "reportFile"]));
  addCommonOptions(command, "preview-report.json").action(async (options: PreviewCommandOptions) => {
    runtime.exitCode = await runPreview(runtime, options);
  });
}

async function runPreview(runtime: CommandRuntime, options: PreviewCommandOptions): Promise<number> {
  const context = commandContext(runtime, options);
  let changedFiles: string[] | undefined;
  try {
    changedFiles = await readChangedFiles(runtime, options, context.workDir);
  } catch (error) {
    reportError(runtime, context.redactor, "cannot determine the changed files", error);
    return EXIT.error;
  }
  if (options.plan) return printPlan(runtime, context, "preview", () => (affectedStacks(changedFiles, context.stacks)));
  let report;
  try {
    report = await preview({
      ...operationOptions(runtime, context),
      ...(changedFiles ? { changedFiles } : {}),
      ...(options.parallel ? { parallel: options.parallel } : {}),
    });
  } catch (error) {
    reportError(runtime, context.redactor, "preview failed", error);
    return EXIT.error;
  }
  const renderOptions = previewRenderOptions(context, options.maxParts);
  const problems = await writeOutputs(runtime, options, { json: previewJsonReport(report, context), markdown: renderPreview(report, renderOptions) });
  if (options.comment) {
    const problem = await postPreviewComment(runtime, context, report, renderOptions);
    if (problem) problems.push(problem);
  }
  for (const problem of problems) runtime.io.stderr.write(`gitops: ${context.redactor.redact(problem)}\n`);
  const failed = report.stacks.filter((s) => s.status === "failed").map((s) => s.stack);
  if (failed.length > 0) runtime.io.stderr.write(`gitops: preview failed for ${failed.join(", ")}\n`);
  return report.ok && problems.length === 0 ? EXIT.ok : EXIT.error;
}

/** How the comment is rendered in this run; `gitops comment` renders a merged matrix the same way. */
export function previewRenderOptions(context: CommandContext, maxParts: number | undefined): PreviewRenderOptions {
  return {
    redactor: context.redactor,
    ...(context.github.sha ? { commit: context.github.sha } : {}),
    ...(context.github.runUrl ? { runUrl: context.github.runUrl } : {}),
    ...(maxParts ? { maxParts } : {}),
  };
}

/** The JSON artifact, stamped with the commit it previewed. */
export function previewJsonReport(report: PreviewReport, context: CommandContext): string {
  return renderJsonReport(report, { redactor: context.redactor, metadata: { ...(context.github.sha ? { commit: context.github.sha } : {}) } });
}

/** Creates or edits the one sticky PR comment. Returns the problem instead of throwing: the result comes first. */
export async function postPreviewComment(runtime: CommandRuntime, context: CommandContext, report: PreviewReport, render: PreviewRenderOptions): Promise<string | undefined> {
  try {
    const target = requireRepository(context.github, { pullRequest: true });
    const octokit = runtime.services.github({
      token: target.token,
      baseUrl: context.github.apiUrl,
      ...(runtime.services.httpRetry ? { retry: runtime.services.httpRetry } : {}),
      ...(runtime.io.signal ? { signal: runtime.io.signal } : {}),
    });
    // Loaded only when posting: the response validation it brings is most of a command's start-up.
    const { upsertMarkedComments } = require("../../automation/github/comments") as typeof import("../../automation/github/comments");
    const posted = await upsertMarkedComments({ octokit, owner: target.owner, repo: target.repo, issueNumber: target.pullRequest, parts: renderPreviewComment(report, render) });
    runtime.io.stderr.write(`gitops: PR comment ${posted.created > 0 ? "created" : "updated"}: ${posted.url}\n`);
    for (const other of posted.skipped) runtime.io.stderr.write(`gitops: left alone a comment with our marker written by ${other.author}: ${other.url}\n`);
    return undefined;
  } catch (error) {
    return `PR comment not posted: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function readChangedFiles(runtime: CommandRuntime, options: PreviewCommandOptions, workDir: string): Promise<string[] | undefined> {
  if (options.changedFiles && options.base) throw new Error("use either --changed-files or --base, not both");
  if (options.changedFiles) return parseChangedFiles(await runtime.services.readFile(resolve(runtime.cwd, options.changedFiles)));
  if (options.base) return parseChangedFiles(await runtime.services.git(["diff", "--name-only", `${options.base}...HEAD`], workDir));
  return undefined;
}
