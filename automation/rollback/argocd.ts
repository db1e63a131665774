/**
 * Argo CD as the drill and the rollout see it: the Application objects in the cluster
 * (read through the Kubernetes API, not through Argo CD's word in a CLI), one pure verdict
 * per Application, and a watch that times each Application until it is reconciled.
 */
import { execFile } from "node:child_process";
import type { KubeClient } from "../../lab/kube-client";

export interface AppState {
  readonly name: string;
  readonly sync: string;
  readonly health: string;
  /** The commit the live state was compared with (status.sync.revision). */
  readonly revision?: string;
  /** The current or last sync operation. */
  readonly operation?: { readonly phase: string; readonly revision?: string; readonly message?: string };
  /** Images running, as Argo CD summarises them (status.summary.images). */
  readonly images: readonly string[];
}

/** Reads and nudges Applications; the lab and a real cluster differ only in the client. */
export interface ArgoCdView {
  list(): Promise<ReadonlyMap<string, AppState>>;
  /**
   * Asks Argo CD to look at Git now, as its webhook handler does on a push. `hard` also drops
   * the repo server's caches: needed after a branch is rewound, or it keeps the newer commit.
   */
  refresh(names: readonly string[], options?: { hard?: boolean }): Promise<void>;
}

interface ApplicationObject {
  metadata: { name: string };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    operationState?: { phase?: string; message?: string; syncResult?: { revision?: string }; operation?: { sync?: { revision?: string } } };
    summary?: { images?: string[] };
  };
}

export function appState(app: ApplicationObject): AppState {
  const op = app.status?.operationState;
  const opRevision = op?.syncResult?.revision ?? op?.operation?.sync?.revision;
  return {
    name: app.metadata.name,
    sync: app.status?.sync?.status ?? "Unknown",
    health: app.status?.health?.status ?? "Unknown",
    ...(app.status?.sync?.revision ? { revision: app.status.sync.revision } : {}),
    ...(op?.phase ? { operation: { phase: op.phase, ...(opRevision ? { revision: opRevision } : {}), ...(op.message ? { message: op.message } : {}) } } : {}),
    images: [...(app.status?.summary?.images ?? [])].sort(),
  };
}

export function kubeArgoCd(client: KubeClient, namespace = "argocd"): ArgoCdView {
  const base = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications`;
  return {
    async list() {
      const list = await client.get<{ items: ApplicationObject[] }>(base);
      return new Map((list?.items ?? []).map((item) => [item.metadata.name, appState(item)]));
    },
    async refresh(names, options) {
      const mode = options?.hard ? "hard" : "normal";
      for (const name of names) await client.patch(`${base}/${name}`, { metadata: { annotations: { "argocd.argoproj.io/refresh": mode } } }).catch(() => undefined);
    },
  };
}

export type AppVerdict = { readonly phase: "reconciled" } | { readonly phase: "waiting" | "failed"; readonly reason: string };

/**
 * Where one Application stands against a target commit. `atTarget` says whether a revision
 * counts as the target (the rollout accepts later commits on the branch; the drill does not).
 * A failed sync of the target is a failure, and so is Degraded once the target is applied
 * (Synced, no sync running: before that, Degraded is the previous commit's state). Anything
 * short of Synced and Healthy at the target, with no sync running, is still waiting.
 */
export function appVerdict(app: AppState | undefined, atTarget: (revision: string | undefined) => boolean): AppVerdict {
  if (!app) return { phase: "waiting", reason: "not found" };
  const op = app.operation;
  if (op && (op.phase === "Failed" || op.phase === "Error") && atTarget(op.revision)) return { phase: "failed", reason: `sync ${op.phase}${op.message ? `: ${op.message}` : ""}` };
  if (atTarget(app.revision) && app.sync === "Synced" && op?.phase !== "Running" && app.health === "Degraded") return { phase: "failed", reason: "health Degraded" };
  const problems = [
    !atTarget(app.revision) ? `at ${app.revision?.slice(0, 12) ?? "no revision"}` : "",
    app.sync !== "Synced" ? `sync ${app.sync}` : "",
    app.health !== "Healthy" ? `health ${app.health}` : "",
    op?.phase === "Running" ? "sync running" : "",
  ].filter(Boolean);
  return problems.length === 0 ? { phase: "reconciled" } : { phase: "waiting", reason: problems.join(", ") };
}

export interface AppTiming {
  readonly name: string;
  /** Milliseconds from the push until it was first Synced at the target and Healthy; absent if never. */
  readonly reconciledMs?: number;
  readonly sync: string;
  readonly health: string;
  readonly revision?: string;
  readonly images: readonly string[];
  /** Why it did not reconcile, when it did not. */
  readonly reason?: string;
}

/** "name: why" for every Application that did not reconcile, for messages and reports. */
export const unreconciled = (apps: readonly AppTiming[]): string => apps.filter((a) => a.reason).map((a) => `${a.name}: ${a.reason}`).join("; ");

export interface WatchResult {
  readonly outcome: "reconciled" | "failed" | "timeout" | "aborted";
  readonly elapsedMs: number;
  readonly applications: readonly AppTiming[];
}

export interface WatchOptions {
  readonly timeoutMs: number;
  /** Default 2,000. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  /** Called with the Applications still waiting, once per poll. */
  readonly onWaiting?: (waiting: readonly string[]) => void;
  /** When the clock started (the push); default now. */
  readonly startedAt?: number;
  /**
   * Stop at the first failed verdict. Default true (detecting a bad rollout); false when waiting
   * for a recovery, where the Deployment stays Degraded until the reverted spec rolls out.
   */
  readonly failFast?: boolean;
}

/** Polls until every named Application is reconciled at the target together, one fails, the deadline passes or the signal aborts. */
export async function watchApplications(view: ArgoCdView, names: readonly string[], atTarget: (revision: string | undefined) => boolean, options: WatchOptions): Promise<WatchResult> {
  const started = options.startedAt ?? Date.now();
  const firstReconciled = new Map<string, number>();
  let states: ReadonlyMap<string, AppState> = new Map();
  let verdicts = new Map<string, AppVerdict>();
  const result = (outcome: WatchResult["outcome"]): WatchResult => ({
    outcome,
    elapsedMs: Date.now() - started,
    applications: names.map((name) => {
      const s = states.get(name);
      const v = verdicts.get(name);
      const at = firstReconciled.get(name);
      return {
        name,
        ...(at !== undefined ? { reconciledMs: at } : {}),
        sync: s?.sync ?? "Unknown",
        health: s?.health ?? "Unknown",
        ...(s?.revision ? { revision: s.revision } : {}),
        images: s?.images ?? [],
        ...(v && v.phase !== "reconciled" ? { reason: v.reason } : {}),
      };
    }),
  });
  for (;;) {
    if (options.signal?.aborted) return result("aborted");
    states = await view.list().catch(() => states);
    verdicts = new Map(names.map((n) => [n, appVerdict(states.get(n), atTarget)]));
    for (const [name, v] of verdicts) if (v.phase === "reconciled" && !firstReconciled.has(name)) firstReconciled.set(name, Date.now() - started);
    if ((options.failFast ?? true) && [...verdicts.values()].some((v) => v.phase === "failed")) return result("failed");
    if ([...verdicts.values()].every((v) => v.phase === "reconciled")) return result("reconciled");
    options.onWaiting?.([...verdicts].filter(([, v]) => v.phase !== "reconciled").map(([n, v]) => `${n}: ${(v as { reason: string }).reason}`));
    if (Date.now() - started > options.timeoutMs) return result("timeout");
    await sleep(options.pollMs ?? 2_000, options.signal);
  }
}

/**
 * The app-of-apps trap check: for `windowMs` after reconciling, every named Application (the
 * parent among them) must stay Synced and Healthy at the target. A parent re-applying an older
 * child spec, or a child flipping back to the reverted state, shows up as a change here.
 */
export async function holdsSteady(view: ArgoCdView, names: readonly string[], atTarget: (revision: string | undefined) => boolean, windowMs: number, options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<string | undefined> {
  const until = Date.now() + windowMs;
  while (Date.now() < until && !options.signal?.aborted) {
    const states = await view.list();
    for (const name of names) {
      const verdict = appVerdict(states.get(name), atTarget);
      if (verdict.phase !== "reconciled") return `${name} left the target: ${verdict.reason}`;
    }
    await sleep(options.pollMs ?? 2_000, options.signal);
  }
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Against a real cluster: through `kubectl`, so every kubeconfig the user's kubectl accepts
 * works (exec credential plugins such as `aws eks get-token`, contexts, $KUBECONFIG).
 */
export function kubectlArgoCd(options: { kubeconfig?: string; context?: string; namespace?: string; kubectl?: string } = {}): ArgoCdView {
  const base = [...(options.kubeconfig ? ["--kubeconfig", options.kubeconfig] : []), ...(options.context ? ["--context", options.context] : []), "-n", options.namespace ?? "argocd"];
  const kubectl = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) =>
      execFile(options.kubectl ?? "kubectl", [...base, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`kubectl ${args.join(" ")} failed: ${(stderr || error.message).trim()}`)) : resolve(stdout)),
    );
  return {
    async list() {
      const list = JSON.parse(await kubectl(["get", "applications.argoproj.io", "-o", "json"])) as { items: ApplicationObject[] };
      return new Map(list.items.map((item) => [item.metadata.name, appState(item)]));
    },
    async refresh(names, options) {
      const mode = options?.hard ? "hard" : "normal";
      for (const name of names) await kubectl(["annotate", "--overwrite", `applications.argoproj.io/${name}`, `argocd.argoproj.io/refresh=${mode}`]).catch(() => undefined);
    },
  };
}
