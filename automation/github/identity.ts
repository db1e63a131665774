/**
 * Whose comments and issues are ours: the login the token writes as. Marker
 * comments by anyone else are never edited or deleted.
 */
import { z } from "zod";
import { GitHubApiError, type GitHubClient } from "./client";
import { checked } from "./shapes";

/** What GitHub Actions' GITHUB_TOKEN writes as; an installation token cannot read GET /user. */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

/**
 * The token's login from GET /user. An installation token is refused there
 * ("Resource not accessible by integration"); it is taken to be GitHub Actions'
 * token. Another GitHub App's token must be given its `<app-slug>[bot]` login.
 */
export async function resolveIdentity(octokit: GitHubClient): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return checked(z.object({ login: z.string().min(1) }), data, "GET /user").login;
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 403 && /not accessible by integration/i.test(error.message)) return ACTIONS_BOT_LOGIN;
    throw error;
  }
}
