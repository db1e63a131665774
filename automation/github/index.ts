/** GitHub and webhook delivery of rendered reports. Kept apart from the core library. */
export { createGitHubClient, GitHubApiError, type GitHubClient, type GitHubClientOptions } from "./client";
export { upsertMarkedComments, type RepositoryRef, type SkippedComment, type UpsertCommentsOptions, type UpsertCommentsResult } from "./comments";
export { ACTIONS_BOT_LOGIN, resolveIdentity } from "./identity";
export { IncompleteResponseError, strictFetch } from "./strict-fetch";
export { UnexpectedResponseError } from "./shapes";
export { syncDriftIssues, type DriftIssueAction, type DriftIssueResult, type SyncDriftIssuesOptions } from "./issues";
export { postWebhook, driftWebhookMessage, WebhookError, type PostWebhookOptions, type WebhookMessage } from "./webhook";
export { readGitHubContext, requireRepository, stepSummaryText, STEP_SUMMARY_LIMIT, type GitHubRunContext } from "./context";
export { retryDecision, withHttpRetry, SECONDARY_RATE_LIMIT_WAIT_MS, type HttpRetryPolicy, type HttpFailure, type RetryDecision } from "./http-retry";
export { readBranchHeadFromGitHub } from "./branch";
export { openPullRequest, type OpenPullRequestOptions } from "./pulls";
