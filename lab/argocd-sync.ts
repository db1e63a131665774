/**
 * Waiting for Argo CD: until every Application is Synced to a given commit and Healthy.
 * The verdict over one listing is pure (tested directly); the wait polls the API.
 */
import { listApplications, type ApplicationStatus } from "./argocd-processes";
import type { KubeClient } from "./kube-client";

export interface ReconcileTarget {
  /** The commit every Application must be synced to. */
  readonly revision: string;
  /** Applications that must be among those listed (e.g. the root app-of-apps). */
  readonly required?: readonly string[];
}

export interface ReconcileVerdict {
  readonly done: boolean;
  /** What is still missing, one line per Application, for progress and timeout messages. */
  readonly waitingFor: readonly string[];
}

export function reconcileVerdict(apps: readonly ApplicationStatus[], target: ReconcileTarget): ReconcileVerdict {
  const waitingFor: string[] = [];
  for (const name of target.required ?? []) if (!apps.some((a) => a.name === name)) waitingFor.push(`${name}: not created yet`);
  for (const app of apps) {
    const problems = [
      app.sync !== "Synced" ? `sync ${app.sync}` : "",
      app.health !== "Healthy" ? `health ${app.health}` : "",
      app.revision !== target.revision ? `at ${app.revision?.slice(0, 12) ?? "no revision"}` : "",
      app.operation ?? "",
    ].filter(Boolean);
    if (problems.length > 0) waitingFor.push(`${app.name}: ${problems.join(", ")}`);
  }
  return { done: apps.length > 0 && waitingFor.length === 0, waitingFor };
}

export class ReconcileTimeoutError extends Error {
  constructor(readonly timeoutMs: number, readonly waitingFor: readonly string[]) {
    super(`Argo CD did not reconcile within ${Math.round(timeoutMs / 1000)} s; still waiting for:\n${waitingFor.map((w) => `  ${w}`).join("\n")}`);
    this.name = "ReconcileTimeoutError";
  }
}

/** Polls until every Application is Synced at the revision and Healthy; returns them and how long it took. */
export async function waitForApplications(
  client: KubeClient,
  target: ReconcileTarget,
  options: { timeoutMs: number; pollMs?: number; onWaiting?: (waitingFor: readonly string[]) => void },
): Promise<{ applications: ApplicationStatus[]; elapsedMs: number }> {
  const started = Date.now();
  let last: readonly string[] = ["no Application listed yet"];
  for (;;) {
    const apps = await listApplications(client).catch((error: Error) => {
      last = [`listing Applications failed: ${error.message}`];
      return [];
    });
    const verdict = reconcileVerdict(apps, target);
    if (verdict.done) return { applications: apps, elapsedMs: Date.now() - started };
    if (apps.length > 0) last = verdict.waitingFor;
    options.onWaiting?.(last);
    if (Date.now() - started > options.timeoutMs) throw new ReconcileTimeoutError(options.timeoutMs, last);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1_000));
  }
}
