/**
 * The Automation API layer of the platform, as a library:
 *
 *   import { preview, deploy, detectDrift } from "gitops-platform/automation";
 *
 * Operations take one options object, stream progress through callbacks, accept
 * an AbortSignal, print nothing, and return typed results built from engine
 * events. Rendering (./render) and GitHub (./github) are separate layers.
 */
export { preview, type PreviewOptions } from "./preview";
export { deploy, promotionOrder, type DeployOptions } from "./deploy";
export { detectDrift, type DriftOptions } from "./drift";
export { DEFAULT_DRIFT_IGNORE, type DriftIgnoreRules, diffProperties } from "./drift-diff";
export { affectedStacks, parseChangedFiles, PATH_RULES, type AffectedStacks, type PathRule } from "./affected";
export type { OperationOptions, ProgressUpdate, EngineOperation } from "./operation";
export type { LockRetryPolicy } from "./lock-retry";
export {
  AbortedError,
  BranchMovedError,
  ConfigurationError,
  GitopsError,
  ProgramError,
  StackLockedError,
  StackNotFoundError,
  classifyError,
  type FailureKind,
  type OperationFailure,
} from "./errors";
export { MASK, Redactor, isSecretValue, type RedactorOptions } from "./redact";
export { engineEnvironment, localStackSelector, type LocalEngineOptions } from "./engine/local";
export type { EngineOperationOptions, EngineOutput, EngineStack, EngineUpOptions, SelectStack, StackRequest } from "./engine/stack";
export { parseEventLog, type EngineEvent, type OpType, type StackEngineEvent } from "./engine/events";
export { learnEventSecrets, redactEvent, type RedactEventOptions } from "./engine/event-secrets";
export type * from "./types";
export { renderPreview, renderPreviewComment, type PreviewRenderOptions } from "./render/preview";
export { renderDriftCleared, renderDriftIssue, renderDriftSummary, driftIssueTitle, type DriftRenderOptions } from "./render/drift";
export { renderJsonReport, type JsonReportOptions, type Report } from "./render/json";
export { splitMarkdown, GITHUB_BODY_LIMIT, type SplitOptions } from "./render/split";
export { PREVIEW_MARKER, DRIFT_MARKER } from "./render/markers";
export { matrixPlan, parseMatrixPlan, renderMatrixPlan, MAX_MATRIX_JOBS, type MatrixOperation, type MatrixPlan } from "./matrix-plan";
export { mergePreviewReports, mergeDriftReports, MISSING_REPORT, type MergedReport, type ReportSource } from "./report-merge";
export { parseStackReport, type StackReport } from "./report-schema";
export { runRollbackDrill, type RollbackDrillOptions, type DrillReport, type DrillPhase } from "./rollback/drill";
export { runGuardedRollout, type GuardedRolloutOptions, type RolloutReport, type RolloutPhase, type RevertPullRequest } from "./rollback/rollout";
export { kubeArgoCd, kubectlArgoCd, appVerdict, type ArgoCdView, type AppState, type AppTiming } from "./rollback/argocd";
export { RefusedError } from "./rollback/guard";
export { renderDrillMarkdown, renderDrillText, renderRolloutMarkdown, renderRolloutText } from "./render/rollback";
