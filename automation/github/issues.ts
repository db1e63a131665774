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
import { resolveIdentity } from "./identity";
import { type IssueData, checked, checkedList, issueShape } from "./shapes";

export interface SyncDriftIssuesOptions extends RepositoryRef {
  readonly octokit: GitHubClient;
  readonly report: DriftReport;
  /** Label that marks drift issues. Default "drift". */
  readonly label?: string;
  /** Passed to the issue renderer (redactor, run URL, time). Default: none. */
  readonly render?: DriftRenderOptions;
  /** The login our token writes as. Default: resolved by `resolveIdentity` (GET /user, else github-actions[bot]). */
  readonly identity?: string;
}

export type DriftIssueAction = "opened" | "updated" | "unchanged" | "closed" | "none";

export interface DriftIssueResult {
  readonly stack: string;
  readonly action: DriftIssueAction;
  readonly number?: number;
  readonly url?: string;
  /** Open issues with this stack's marker written by another user: never edited or closed. */
  readonly skipped?: readonly { readonly number: number; readonly author: string }[];
}

export async function syncDriftIssues(options: SyncDriftIssuesOptions): Promise<DriftIssueResult[]> {
  const { octokit, owner, repo, report } = options;
  const label = options.label ?? "drift";
  const identity = options.identity ?? (await resolveIdentity(octokit));
  const listed = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: "open", labels: label, per_page: 100 });
  const open = checkedList(issueShape, listed, `GET /repos/${owner}/${repo}/issues`);
  const byStack = new Map<string, IssueData>();
  const skipped = new Map<string, { number: number; author: string }[]>();
  for (const issue of [...open].sort((a, b) => a.number - b.number)) {
    if (issue.pull_request) continue;
    const stack = report.stacks.find((s) => (issue.body ?? "").startsWith(driftIssueMarker(s.stack)))?.stack;
    if (!stack) continue;
    const author = issue.user?.login ?? "(deleted user)";
    if (author !== identity) skipped.set(stack, [...(skipped.get(stack) ?? []), { number: issue.number, author }]);
    else if (!byStack.has(stack)) byStack.set(stack, issue);
  }

  const results: DriftIssueResult[] = [];
  for (const drift of report.stacks) {
    const issue = byStack.get(drift.stack);
    const others = skipped.get(drift.stack);
    const push = (result: DriftIssueResult): void => void results.push(others ? { ...result, skipped: others } : result);
    if (drift.status === "drifted") {
      const body = renderDriftIssue(drift, options.render);
      const title = driftIssueTitle(drift.stack);
      if (!issue) {
        const { data } = await octokit.rest.issues.create({ owner, repo, title, body, labels: [label] });
        const opened = checked(issueShape, data, `POST /repos/${owner}/${repo}/issues`);
        push({ stack: drift.stack, action: "opened", number: opened.number, url: opened.html_url });
      } else if ((issue.body ?? "").replace(/\r\n/g, "\n").trimEnd() === body.trimEnd() && issue.title === title) {
        push({ stack: drift.stack, action: "unchanged", number: issue.number, url: issue.html_url });
      } else {
        await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, title, body });
        push({ stack: drift.stack, action: "updated", number: issue.number, url: issue.html_url });
      }
    } else if (drift.status === "clean" && issue) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: renderDriftCleared(drift.stack, options.render) });
      await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
      push({ stack: drift.stack, action: "closed", number: issue.number, url: issue.html_url });
    } else {
      push({ stack: drift.stack, action: "none", ...(issue ? { number: issue.number, url: issue.html_url } : {}) });
    }
  }
  return results;
}
