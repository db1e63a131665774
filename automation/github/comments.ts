/**
 * One PR comment per preview, found by its hidden marker and edited in place on
 * every push. A preview too long for one comment continues in further marked
 * comments, which are edited too and deleted once no longer needed.
 */
import { PREVIEW_MARKER, markedPart } from "../render/markers";
import type { GitHubClient } from "./client";

export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

export interface UpsertCommentsOptions extends RepositoryRef {
  readonly octokit: GitHubClient;
  /** Pull request (or issue) number. */
  readonly issueNumber: number;
  /** Comment bodies in order; part 1 starts with `marker`, part n with its part marker. */
  readonly parts: readonly string[];
  /** Marker that identifies our comments. Default PREVIEW_MARKER. */
  readonly marker?: string;
}

export interface UpsertCommentsResult {
  /** URL of the first comment. */
  readonly url: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
}

interface ExistingComment {
  readonly id: number;
  readonly body: string;
  readonly url: string;
}

export async function upsertMarkedComments(options: UpsertCommentsOptions): Promise<UpsertCommentsResult> {
  const { octokit, owner, repo, issueNumber, parts } = options;
  const marker = options.marker ?? PREVIEW_MARKER;
  if (parts.length === 0) throw new Error("nothing to post: no comment parts");
  if (markedPart(parts[0]!, marker) !== 1) throw new Error(`part 1 must start with the marker ${marker}`);

  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  // The oldest comment with a given part marker is ours; later duplicates (a race) are left alone.
  const existing = new Map<number, ExistingComment>();
  for (const comment of [...comments].sort((a, b) => a.id - b.id)) {
    const part = markedPart(comment.body ?? "", marker);
    if (part !== undefined && !existing.has(part)) existing.set(part, { id: comment.id, body: comment.body ?? "", url: comment.html_url });
  }

  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let deleted = 0;
  let url = "";
  for (const [index, body] of parts.entries()) {
    const current = existing.get(index + 1);
    let partUrl: string;
    if (!current) {
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
      partUrl = data.html_url;
      created++;
    } else if (normalise(current.body) === normalise(body)) {
      partUrl = current.url;
      unchanged++;
    } else {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: current.id, body });
      partUrl = data.html_url;
      updated++;
    }
    if (index === 0) url = partUrl;
  }
  for (const [part, comment] of existing) {
    if (part > parts.length) {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: comment.id });
      deleted++;
    }
  }
  return { url, created, updated, unchanged, deleted };
}

/** GitHub may hand bodies back with CRLF line endings. */
function normalise(body: string): string {
  return body.replace(/\r\n/g, "\n").trimEnd();
}
