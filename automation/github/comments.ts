/**
 * One PR comment per preview, found by its hidden marker and edited in place on
 * every push. A preview too long for one comment continues in further marked
 * comments, which are edited too and deleted once no longer needed. Only
 * comments written by our own identity are ever edited or deleted.
 */
import { PREVIEW_MARKER, markedPart } from "../render/markers";
import { GitHubApiError, type GitHubClient } from "./client";
import { resolveIdentity } from "./identity";
import { type CommentData, checked, checkedList, commentShape } from "./shapes";

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
  /** The login our token writes as. Default: resolved by `resolveIdentity` (GET /user, else github-actions[bot]). */
  readonly identity?: string;
}

/** A marker comment someone else wrote: left alone. */
export interface SkippedComment {
  readonly id: number;
  readonly author: string;
  readonly url: string;
}

export interface UpsertCommentsResult {
  /** URL of the first comment. */
  readonly url: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Stale parts deleted, including ones already gone (404). */
  readonly deleted: number;
  /** Comments that carry our marker but were written by another user; never edited. */
  readonly skipped: readonly SkippedComment[];
}

export async function upsertMarkedComments(options: UpsertCommentsOptions): Promise<UpsertCommentsResult> {
  const { octokit, owner, repo, issueNumber, parts } = options;
  const marker = options.marker ?? PREVIEW_MARKER;
  if (parts.length === 0) throw new Error("nothing to post: no comment parts");
  if (markedPart(parts[0]!, marker) !== 1) throw new Error(`part 1 must start with the marker ${marker}`);
  const identity = options.identity ?? (await resolveIdentity(octokit));

  const listed = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  const comments = checkedList(commentShape, listed, `GET /repos/${owner}/${repo}/issues/${issueNumber}/comments`);
  // The oldest of our comments with a given part marker is the one we edit; later duplicates (a race) are left alone.
  const existing = new Map<number, CommentData>();
  const skipped: SkippedComment[] = [];
  for (const comment of [...comments].sort((a, b) => a.id - b.id)) {
    const part = markedPart(comment.body ?? "", marker);
    if (part === undefined) continue;
    const author = comment.user?.login ?? "(deleted user)";
    if (author !== identity) skipped.push({ id: comment.id, author, url: comment.html_url });
    else if (!existing.has(part)) existing.set(part, comment);
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
      partUrl = checked(commentShape, data, `POST /repos/${owner}/${repo}/issues/${issueNumber}/comments`).html_url;
      created++;
    } else if (normalise(current.body ?? "") === normalise(body)) {
      partUrl = current.html_url;
      unchanged++;
    } else {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: current.id, body });
      partUrl = checked(commentShape, data, `PATCH /repos/${owner}/${repo}/issues/comments/${current.id}`).html_url;
      updated++;
    }
    if (index === 0) url = partUrl;
  }
  for (const [part, comment] of existing) {
    if (part <= parts.length) continue;
    try {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: comment.id });
    } catch (error) {
      // Already gone (deleted by hand, or by a concurrent run): what we wanted.
      if (!(error instanceof GitHubApiError && error.status === 404)) throw error;
    }
    deleted++;
  }
  return { url, created, updated, unchanged, deleted, skipped };
}

/** GitHub may hand bodies back with CRLF line endings. */
function normalise(body: string): string {
  return body.replace(/\r\n/g, "\n").trimEnd();
}
