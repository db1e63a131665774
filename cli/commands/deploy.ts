/**
 * `gitops deploy`: `up` per stack in promotion order, stopping at the first
 * failure. With --expected-commit it refuses once the branch has moved.
 * Exit 0 when every stack deployed, 1 otherwise.
 */
import type { Command } from "commander";
import { addCommonOptions, commandContext, type CommonOptions, reportError, writeOutputs, operationOptions } from "../../automation/cli/common";
import { type CommandRuntime, EXIT } from "../../automation/cli/runtime";
import { deploy } from "../../automation/deploy";
import { readBranchHeadFromGitHub } from "../../automation/github/branch";
import { renderDeploySummary } from "../../automation/render/deploy";
import { renderJsonReport } from "../../automation/render/json";

interface DeployCommandOptions extends CommonOptions {
  readonly expectedCommit?: string;
  readonly branch: string;
  readonly message?: string;
}

export function registerDeployCommand(program: Command, runtime: CommandRuntime): void {
  const command = program
    .command("deploy")
    .description("apply stacks in promotion order (staging before production), stopping at the first failure")
    .option("--expected-commit <sha>", "the previewed commit; refuse when the branch head differs (default: no check)")
    .option("--branch <name>", "branch whose head is compared with --expected-commit", "main")
    .option("--message <text>", "message recorded with each update (default: none)");
  addCommonOptions(command, "deploy-report.json").action(async (options: DeployCommandOptions) => {
    runtime.exitCode = await runDeploy(runtime, options);
  });
}

async function runDeploy(runtime: CommandRuntime, options: DeployCommandOptions): Promise<number> {
  const context = commandContext(runtime, options);
  let report;
  try {
    report = await deploy({
      ...operationOptions(runtime, context),
      branch: options.branch,
      ...(options.message ? { message: options.message } : {}),
      ...(options.expectedCommit ? { expectedCommit: options.expectedCommit, readBranchHead: branchHeadReader(runtime, context.github, options.branch, context.workDir) } : {}),
    });
  } catch (error) {
    reportError(runtime, context.redactor, "deploy refused or aborted", error);
    return EXIT.error;
  }
  const commit = options.expectedCommit ?? context.github.sha;
  const json = renderJsonReport(report, { redactor: context.redactor, metadata: commit ? { commit } : {} });
  const markdown = renderDeploySummary(report, { redactor: context.redactor, ...(commit ? { commit } : {}) });
  const problems = await writeOutputs(runtime, options, { json, markdown });
  for (const problem of problems) runtime.io.stderr.write(`gitops: ${problem}\n`);
  if (!report.ok) runtime.io.stderr.write(`gitops: deploy stopped at ${report.stacks.at(-1)?.stack}; not run: ${report.notRun.join(", ") || "none"}\n`);
  return report.ok && problems.length === 0 ? EXIT.ok : EXIT.error;
}

/**
 * In Actions the API is authoritative (the checkout may be shallow or stale);
 * elsewhere `git ls-remote` asks the remote directly.
 */
function branchHeadReader(
  runtime: CommandRuntime,
  github: ReturnType<typeof commandContext>["github"],
  branch: string,
  workDir: string,
): () => Promise<string> {
  if (github.token && github.owner && github.repo) {
    const octokit = runtime.services.github({ token: github.token, baseUrl: github.apiUrl, ...(runtime.services.httpRetry ? { retry: runtime.services.httpRetry } : {}) });
    return readBranchHeadFromGitHub(octokit, { owner: github.owner, repo: github.repo, branch });
  }
  return async () => {
    const out = await runtime.services.git(["ls-remote", "origin", `refs/heads/${branch}`], workDir);
    const sha = out.trim().split(/\s+/)[0];
    if (!sha) throw new Error(`git ls-remote found no branch ${branch} on origin`);
    return sha;
  };
}
