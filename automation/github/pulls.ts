/** Opening a pull request (the guarded rollout's revert in production). */
import type { GitHubClient } from "./client";
import type { RepositoryRef } from "./comments";

export interface OpenPullRequestOptions extends RepositoryRef {
  readonly octokit: GitHubClient;
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
}

export async function openPullRequest(options: OpenPullRequestOptions): Promise<{ url: string; number: number }> {
  const { octokit, owner, repo, head, base, title, body } = options;
  const { data } = await octokit.pulls.create({ owner, repo, head, base, title, body });
  return { url: data.html_url, number: data.number };
}
