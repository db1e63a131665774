/** Reading a branch head through the API, for deploy's "has the branch moved?" check in CI. */
import type { GitHubClient } from "./client";
import type { RepositoryRef } from "./comments";

export function readBranchHeadFromGitHub(octokit: GitHubClient, ref: RepositoryRef & { branch: string }): () => Promise<string> {
  return async () => {
    const { data } = await octokit.rest.repos.getBranch({ owner: ref.owner, repo: ref.repo, branch: ref.branch });
    return data.commit.sha;
  };
}
