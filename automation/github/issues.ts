/**
 * One open issue per drifted stack, found by label and hidden marker: opened
 * when drift appears, edited while it lasts, closed with a comment once a later
 * check finds the stack clean. A stack whose check failed is left as it was.
 */
import { driftIssueMarker } from "../render/markers";
import { type DriftRenderOptions, driftIssueTitle, renderDriftCleared, renderDriftIssue } from "../render/drift";
import type { DriftReport } from "../types";
import type { GitHubClient } from "./client";
import type { RepositoryRef } from "./comments";

export interface SyncDriftIssuesOptions extends RepositoryRef {
  readonly octokit: GitHubClient;
  readonly report: DriftReport;
  /** Label that marks drift issues. Default "drift". */
  readonly label?: string;
  /** Passed to the issue renderer (redactor, run URL, time). Default: none. */
  readonly render?: DriftRenderOptions;
}

export type DriftIssueAction = "opened" | "updated" | "unchanged" | "closed" | "none";

export interface DriftIssueResult {
  readonly stack: string;
  readonly action: DriftIssueAction;
  readonly number?: number;
  readonly url?: string;
}

export async function syncDriftIssues(options: SyncDriftIssuesOptions): Promise<DriftIssueResult[]> {
  const { octokit, owner, repo, report } = options;
  const label = options.label ?? "drift";
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: "open", labels: label, per_page: 100 });
  const byStack = new Map<string, { number: number; body: string; title: string; url: string }>();
  for (const issue of open) {
    if (issue.pull_request) continue;
    const stack = report.stacks.find((s) => (issue.body ?? "").startsWith(driftIssueMarker(s.stack)))?.stack;
    if (stack && !byStack.has(stack)) byStack.set(stack, { number: issue.number, body: issue.body ?? "", title: issue.title, url: issue.html_url });
  }

  const results: DriftIssueResult[] = [];
  for (const drift of report.stacks) {
    const issue = byStack.get(drift.stack);
    if (drift.status === "drifted") {
      const body = renderDriftIssue(drift, options.render);
      const title = driftIssueTitle(drift.stack);
      if (!issue) {
        const { data } = await octokit.rest.issues.create({ owner, repo, title, body, labels: [label] });
        results.push({ stack: drift.stack, action: "opened", number: data.number, url: data.html_url });
      } else if (issue.body.replace(/\r\n/g, "\n").trimEnd() === body.trimEnd() && issue.title === title) {
        results.push({ stack: drift.stack, action: "unchanged", number: issue.number, url: issue.url });
      } else {
        await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, title, body });
        results.push({ stack: drift.stack, action: "updated", number: issue.number, url: issue.url });
      }
    } else if (drift.status === "clean" && issue) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: renderDriftCleared(drift.stack, options.render) });
      await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
      results.push({ stack: drift.stack, action: "closed", number: issue.number, url: issue.url });
    } else {
      results.push({ stack: drift.stack, action: "none", ...(issue ? { number: issue.number, url: issue.url } : {}) });
    }
  }
  return results;
}
