/**
 * `gitops rollback-drill` and `gitops rollout`: thin wiring of the library in
 * automation/rollback to the cluster (the lab's for --env local, else the user's kubectl),
 * the Git remote, GitHub (revert pull requests) and the outputs (human text or JSON on
 * stdout, Markdown to the job summary, progress on stderr).
 * Exit 0 passed, 2 the drill or rollout failed (reverted, PR opened, timed out), 1 an error or refusal.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { positiveInt } from "../../automation/cli/common";
import { type CommandRuntime, EXIT } from "../../automation/cli/runtime";
import { readGitHubContext, requireRepository, stepSummaryText } from "../../automation/github/context";
import { openPullRequest } from "../../automation/github/pulls";
import { Redactor } from "../../automation/redact";
import { renderDrillMarkdown, renderDrillText, renderRolloutMarkdown, renderRolloutText } from "../../automation/render/rollback";
import { type ArgoCdView, kubeArgoCd, kubectlArgoCd } from "../../automation/rollback/argocd";
import { runRollbackDrill } from "../../automation/rollback/drill";
import { runGuardedRollout, type RevertPullRequest } from "../../automation/rollback/rollout";
import { KubeClient } from "../../lab/kube-client";
import { labPathsFor } from "../../lab/paths";
import { resolveLabConfig } from "../../lab/config";

interface ClusterOptions {
  readonly env: string;
  readonly workDir?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly remote?: string;
  readonly timeout?: number;
  readonly json?: boolean;
  readonly reportFile?: string;
  readonly summaryFile?: string | false;
}

function addClusterOptions(command: Command): Command {
  return command
    .requiredOption("--env <name>", "environment: its Applications are argocd/applications/<env>/, its root app argocd/bootstrap/root-<env>.yaml")
    .option("--work-dir <dir>", "the Git working repository (default: current directory)")
    .option("--kubeconfig <file>", "cluster credentials (default: the lab's for --env local, else kubectl's own: $KUBECONFIG or ~/.kube/config)")
    .option("--context <name>", "kubeconfig context (default: the current one)")
    .option("--remote <name-or-url>", "Git remote to push to (default: your remote whose URL is the Applications' repoURL, else that URL)")
    .option("--timeout <seconds>", "deadline per wait for Argo CD (default: 600)", positiveInt("--timeout"))
    .option("--json", "print the JSON report on stdout instead of the human summary (default: off)")
    .option("--report-file <path>", "also write the JSON report to this file (default: none)")
    .option("--summary-file <path>", "append Markdown to this file (default: $GITHUB_STEP_SUMMARY when set)")
    .option("--no-summary-file", "do not write the job summary");
}

/** Connected on first use, so refusals (dirty tree, moved branch) never need the cluster. */
function argocdFor(runtime: CommandRuntime, options: ClusterOptions): ArgoCdView {
  let view: ArgoCdView | undefined;
  const connected = (): ArgoCdView => (view ??= connect(runtime, options));
  return { list: () => connected().list(), refresh: (names, refresh) => connected().refresh(names, refresh) };
}

function connect(runtime: CommandRuntime, options: ClusterOptions): ArgoCdView {
  if (options.env === "local" && !options.context) {
    const kubeconfig = options.kubeconfig ? resolve(runtime.cwd, options.kubeconfig) : labPathsFor(resolveLabConfig({ env: { ...runtime.io.env } }).stateDir).kubeconfig;
    return kubeArgoCd(KubeClient.fromKubeconfig(kubeconfig));
  }
  return kubectlArgoCd({ ...(options.kubeconfig ? { kubeconfig: resolve(runtime.cwd, options.kubeconfig) } : {}), ...(options.context ? { context: options.context } : {}) });
}

async function writeReport(runtime: CommandRuntime, options: ClusterOptions, report: object, text: string, markdown: string): Promise<void> {
  const { io, services } = runtime;
  const redactor = new Redactor();
  const json = `${redactor.redact(JSON.stringify({ schemaVersion: 1, ...report }, null, 2))}\n`;
  io.stdout.write(options.json ? json : redactor.redact(text));
  if (options.reportFile) await services.writeFile(resolve(runtime.cwd, options.reportFile), json);
  const summary = options.summaryFile === false ? undefined : (options.summaryFile ?? io.env.GITHUB_STEP_SUMMARY);
  if (summary) await services.appendFile(resolve(runtime.cwd, summary), stepSummaryText(redactor.redact(markdown)));
}

const progress = (runtime: CommandRuntime, command: string) => (message: string): void => void runtime.io.stderr.write(`[${command}] ${message}\n`);

export function registerRollbackCommands(program: Command, runtime: CommandRuntime): void {
  const drill = program
    .command("rollback-drill")
    .description("revert the newest commit the environment's Applications sync, wait until Argo CD is Synced and Healthy at the revert, restore, report the times; exit 0 passed, 2 failed, 1 error")
    .option("--keep", "leave the revert in place instead of restoring (default: restore)")
    .option("--confirm-production", "allow drilling production (default: refused)")
    .option("--steady <seconds>", "how long every Application must stay at the revert, so a parent re-applying it is seen (default: 20)", positiveInt("--steady"));
  addClusterOptions(drill).action(async (options: ClusterOptions & { keep?: boolean; confirmProduction?: boolean; steady?: number }) => {
    try {
      const report = await runRollbackDrill({
        workDir: resolve(runtime.cwd, options.workDir ?? "."),
        env: options.env,
        argocd: argocdFor(runtime, options),
        keep: options.keep ?? false,
        confirmProduction: options.confirmProduction ?? false,
        ...(options.remote ? { remote: options.remote } : {}),
        ...(options.timeout ? { timeoutMs: options.timeout * 1000 } : {}),
        ...(options.steady ? { steadyMs: options.steady * 1000 } : {}),
        ...(runtime.io.signal ? { signal: runtime.io.signal } : {}),
        onProgress: progress(runtime, "rollback-drill"),
      });
      await writeReport(runtime, options, report, renderDrillText(report), renderDrillMarkdown(report));
      runtime.exitCode = report.result === "passed" ? EXIT.ok : report.result === "failed" ? EXIT.drift : EXIT.error;
    } catch (error) {
      runtime.io.stderr.write(`gitops: rollback drill refused or failed before changing anything: ${error instanceof Error ? error.message : String(error)}\n`);
      runtime.exitCode = EXIT.error;
    }
  });

  const rollout = program
    .command("rollout")
    .description("watch the Applications a commit affects until Synced and Healthy; on Degraded or a failed sync revert it (PR in production); exit 0 healthy, 2 failed, 1 error")
    .requiredOption("--commit <sha>", "the deployed commit")
    .option("--auto-revert", "in production, push the revert instead of opening a pull request (default: pull request)");
  addClusterOptions(rollout).action(async (options: ClusterOptions & { commit: string; autoRevert?: boolean }) => {
    try {
      const openPullRequest = options.env === "production" && !options.autoRevert ? pullRequestOpener(runtime) : undefined;
      const report = await runGuardedRollout({
        workDir: resolve(runtime.cwd, options.workDir ?? "."),
        env: options.env,
        commit: options.commit,
        argocd: argocdFor(runtime, options),
        autoRevert: options.autoRevert ?? false,
        ...(openPullRequest ? { openPullRequest } : {}),
        ...(options.remote ? { remote: options.remote } : {}),
        ...(options.timeout ? { timeoutMs: options.timeout * 1000, recoveryTimeoutMs: options.timeout * 1000 } : {}),
        ...(runtime.io.signal ? { signal: runtime.io.signal } : {}),
        onProgress: progress(runtime, "rollout"),
      });
      await writeReport(runtime, options, report, renderRolloutText(report), renderRolloutMarkdown(report));
      runtime.exitCode = report.result === "passed" ? EXIT.ok : report.result === "error" ? EXIT.error : EXIT.drift;
    } catch (error) {
      runtime.io.stderr.write(`gitops: rollout check failed: ${error instanceof Error ? error.message : String(error)}\n`);
      runtime.exitCode = EXIT.error;
    }
  });
}

/** Opens the revert pull request with the project's GitHub client; GITHUB_TOKEN and GITHUB_REPOSITORY say where. */
function pullRequestOpener(runtime: CommandRuntime): ((request: RevertPullRequest) => Promise<{ url: string; number: number }>) | undefined {
  const context = readGitHubContext(runtime.io.env, runtime.services.readFileSync);
  if (!context.token || !context.owner) return undefined;
  return async (request) => {
    const target = requireRepository(context, { pullRequest: false });
    const octokit = runtime.services.github({ token: target.token, baseUrl: context.apiUrl, ...(runtime.services.httpRetry ? { retry: runtime.services.httpRetry } : {}) });
    return openPullRequest({ octokit, owner: target.owner, repo: target.repo, ...request });
  };
}
