/**
 * `gitops drift`: a dry-run refresh of every stack, reported as JSON/Markdown,
 * optionally as one GitHub issue per stack and a webhook message. Remediation
 * is opt-in and never touches production without --confirm-production.
 * Exit 0 clean, 2 drift, 1 error (an error wins over drift).
 */
import type { Command } from "commander";
import { addCommonOptions, commandContext, type CommandContext, type CommonOptions, planOption, positiveInt, printPlan, reportError, writeOutputs, operationOptions } from "../../automation/cli/common";
import { type CommandRuntime, EXIT } from "../../automation/cli/runtime";
import { detectDrift } from "../../automation/drift";
import { DEFAULT_DRIFT_IGNORE, type DriftIgnoreRules } from "../../automation/drift-diff";
import { requireRepository } from "../../automation/github/context";
import { driftWebhookMessage, postWebhook } from "../../automation/github/webhook";
import { type DriftRenderOptions, renderDriftSummary } from "../../automation/render/drift";
import type { DriftReport } from "../../automation/types";
import { renderJsonReport } from "../../automation/render/json";

interface DriftCommandOptions extends CommonOptions {
  readonly parallel?: number;
  readonly issue?: boolean;
  readonly label: string;
  readonly webhookUrl?: string;
  readonly remediate?: boolean;
  readonly confirmProduction?: boolean;
  readonly ignore?: string[];
  readonly defaultIgnore: boolean;
  readonly plan?: boolean;
}

export function registerDriftCommand(program: Command, runtime: CommandRuntime): void {
  const command = program
    .command("drift")
    .description("detect drift with a dry-run refresh of every stack; exit 0 clean, 2 drift, 1 error")
    .option("--parallel <n>", "stacks refreshed at once (default: 4)", positiveInt("--parallel"))
    .option("--issue", "open, update or close one GitHub issue per stack; needs GITHUB_TOKEN and GITHUB_REPOSITORY (default: off)")
    .option("--label <name>", "label of drift issues", "drift")
    .option("--webhook-url <url>", "POST a Slack-compatible message here (default: $GITOPS_DRIFT_WEBHOOK_URL, else none)")
    .option("--remediate", "run `up` on drifted stacks (default: off; production also needs --confirm-production)")
    .option("--confirm-production", "allow --remediate on production (default: off)")
    .option("--ignore <rule...>", "extra noise to ignore, as <type>=<path>[,<path>...], e.g. aws:*=tags.lastScanned")
    .option("--no-default-ignore", "do not ignore the built-in provider noise (tagsAll, managedFields, ...)")
    .addOption(planOption("check").conflicts(["issue", "remediate", "json", "reportFile"]));
  addCommonOptions(command, "drift-report.json").action(async (options: DriftCommandOptions) => {
    runtime.exitCode = await runDrift(runtime, options);
  });
}

/** How drift is rendered in this run; `gitops comment` renders a merged matrix the same way. */
export function driftRenderOptions(context: CommandContext): DriftRenderOptions {
  return { redactor: context.redactor, checkedAt: new Date().toISOString(), ...(context.github.runUrl ? { runUrl: context.github.runUrl } : {}) };
}

/**
 * Reports drift outside the run: one issue per stack (--issue) and a webhook message when something drifted or failed.
 * Returns the problems instead of throwing: the result comes first.
 */
export async function publishDrift(
  runtime: CommandRuntime,
  context: CommandContext,
  report: DriftReport,
  options: { readonly issue?: boolean; readonly label: string; readonly webhookUrl?: string; readonly render: DriftRenderOptions },
): Promise<string[]> {
  const problems: string[] = [];
  if (options.issue) {
    try {
      const target = requireRepository(context.github, { pullRequest: false });
      const octokit = runtime.services.github({ token: target.token, baseUrl: context.github.apiUrl, ...(runtime.services.httpRetry ? { retry: runtime.services.httpRetry } : {}) });
      // Loaded only when filing issues: the response validation it brings is most of a command's start-up.
      const { syncDriftIssues } = require("../../automation/github/issues") as typeof import("../../automation/github/issues");
      const results = await syncDriftIssues({ octokit, owner: target.owner, repo: target.repo, report, label: options.label, render: options.render });
      for (const r of results) {
        if (r.action !== "none") runtime.io.stderr.write(`gitops: drift issue for ${r.stack} ${r.action}: ${r.url ?? ""}\n`);
        for (const other of r.skipped ?? []) runtime.io.stderr.write(`gitops: left alone drift issue #${other.number} of ${r.stack}, written by ${other.author}\n`);
      }
    } catch (error) {
      problems.push(`drift issues not updated: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const webhookUrl = options.webhookUrl ?? runtime.io.env.GITOPS_DRIFT_WEBHOOK_URL;
  if (webhookUrl && (report.drifted || !report.ok)) {
    await postWebhook({
      url: webhookUrl,
      message: driftWebhookMessage(report, context.github.runUrl ? { runUrl: context.github.runUrl } : {}),
      redactor: context.redactor,
      fetch: runtime.services.fetch,
      ...(runtime.services.httpRetry ? { retry: runtime.services.httpRetry } : {}),
    }).catch((error: Error) => problems.push(`webhook not delivered: ${error.message}`));
  }
  return problems;
}

export function parseIgnoreRules(rules: readonly string[], base: DriftIgnoreRules): DriftIgnoreRules {
  const merged: Record<string, string[]> = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, [...v]]));
  for (const rule of rules) {
    const at = rule.indexOf("=");
    const paths = rule.slice(at + 1).split(",").map((p) => p.trim()).filter(Boolean);
    if (at < 1 || paths.length === 0) throw new Error(`--ignore expects <type>=<path>[,<path>...], got "${rule}"`);
    (merged[rule.slice(0, at)] ??= []).push(...paths);
  }
  return merged;
}

async function runDrift(runtime: CommandRuntime, options: DriftCommandOptions): Promise<number> {
  const context = commandContext(runtime, options);
  if (options.plan) return printPlan(runtime, context, "drift", () => ({ stacks: context.stacks, notAffected: [] }));
  let report;
  try {
    const ignore = parseIgnoreRules(options.ignore ?? [], options.defaultIgnore ? DEFAULT_DRIFT_IGNORE : {});
    report = await detectDrift({
      ...operationOptions(runtime, context),
      ignore,
      remediate: options.remediate ?? false,
      confirmProduction: options.confirmProduction ?? false,
      ...(options.parallel ? { parallel: options.parallel } : {}),
    });
  } catch (error) {
    reportError(runtime, context.redactor, "drift detection failed", error);
    return EXIT.error;
  }
  const render = driftRenderOptions(context);
  const json = renderJsonReport(report, { redactor: context.redactor });
  const problems = await writeOutputs(runtime, options, { json, markdown: renderDriftSummary(report, render) });
  problems.push(...(await publishDrift(runtime, context, report, { ...options, render })));
  for (const stack of report.stacks)
    if (stack.remediation?.status === "failed") problems.push(`remediation of ${stack.stack} failed: ${stack.remediation.reason ?? "unknown reason"}`);
  for (const problem of problems) runtime.io.stderr.write(`gitops: ${context.redactor.redact(problem)}\n`);
  if (!report.ok || problems.length > 0) return EXIT.error;
  return report.drifted ? EXIT.drift : EXIT.ok;
}
