/**
 * Argo CD's controllers as local processes against the lab, the way Argo CD's own
 * "running locally" guide and Procfile run them: the repo server, the application
 * controller and the ApplicationSet controller (one multi-call binary, its role picked by
 * ARGOCD_BINARY_NAME), with Redis as their cache. They use the objects Pulumi installed
 * into the `argocd` namespace (CRDs, argocd-cm, the AppProjects and Applications), so they
 * start only once that install exists. The API server and UI are not run: nothing in the
 * lab needs them, and `kubectl` shows every Application.
 */
import * as path from "node:path";
import { LOOPBACK, loopbackUrl, type ComponentSpec } from "./components";
import type { LabConfig } from "./config";
import type { KubeClient } from "./kube-client";
import type { LabPaths } from "./paths";

export const ARGOCD_NAMESPACE = "argocd";

export interface ArgoCdBinaries {
  readonly argocd: string;
  readonly redisServer: string;
  /** Tools the repo server runs: put on its PATH. */
  readonly git: string;
  readonly helm: string;
  readonly kustomize: string;
}

export const UNRESOLVED_ARGOCD_BINARIES: ArgoCdBinaries = { argocd: "argocd", redisServer: "redis-server", git: "git", helm: "helm", kustomize: "kustomize" };

/**
 * How often the controller re-reads Git. In a real cluster a Git webhook makes a push visible
 * at once; the lab has no webhook, so it polls more often than Argo CD's 120 s default.
 */
export const LAB_APP_RESYNC_SECONDS = 10;

const http = (port: number): string => loopbackUrl("http", port);
const ok = (body: string): boolean => body.trim() === "ok";

/** What every Argo CD process needs out of cluster: the lab's kubeconfig as "in-cluster", and local data dirs. */
function argocdEnv(paths: LabPaths, role: string): Record<string, string> {
  return {
    ARGOCD_BINARY_NAME: role,
    ARGOCD_FAKE_IN_CLUSTER: "true",
    // Argo CD reads the current context of $KUBECONFIG for https://kubernetes.default.svc.
    KUBECONFIG: paths.kubeconfig,
    ARGOCD_GPG_ENABLED: "false",
    ARGOCD_TLS_DATA_PATH: path.join(paths.argocdDir, "tls"),
    ARGOCD_SSH_DATA_PATH: path.join(paths.argocdDir, "ssh"),
    ARGOCD_GNUPGHOME: path.join(paths.argocdDir, "gnupg"),
    ARGOCD_GPG_DATA_PATH: path.join(paths.argocdDir, "gpg-source"),
    // The controller's shard comes from the ordinal at the end of its hostname (a StatefulSet pod's name).
    HOSTNAME: `${role}-0`,
  };
}

export function argocdSpecs(config: LabConfig, paths: LabPaths, binaries: ArgoCdBinaries = UNRESOLVED_ARGOCD_BINARIES): readonly ComponentSpec[] {
  const p = config.ports;
  const redis = `${LOOPBACK}:${p.redis}`;
  const repoServer = `${LOOPBACK}:${p.repoServer}`;
  const namespace = `--namespace=${ARGOCD_NAMESPACE}`;
  // Signatures name a file of this lab, so `down` finds the processes whatever ports it was given:
  // each controller reads its own copy of the lab's kubeconfig (written by `up`), which tells it
  // apart from the other controller and from KWOK (which reads the lab's kubeconfig itself).
  const applicationControllerKubeconfig = `--kubeconfig=${controllerKubeconfigFile(paths, "argocd-application-controller")}`;
  const applicationSetKubeconfig = `--kubeconfig=${controllerKubeconfigFile(paths, "argocd-applicationset-controller")}`;
  // The repo server takes no kubeconfig: its client CA path (absent, so mTLS stays off, as without the
  // in-cluster Secret) names the lab instead.
  const clientCa = `--client-ca-path=${path.join(paths.argocdDir, "tls", "repo-server-client-ca.crt")}`;
  const redisDir = path.join(paths.argocdDir, "redis");
  // argocd's own directory too: the repo server runs argocd-git-ask-pass for Git credentials.
  const toolPath = [...new Set([binaries.argocd, binaries.git, binaries.helm, binaries.kustomize].map((b) => path.dirname(b)).filter((d) => d !== "."))];
  return [
    {
      name: "redis",
      binary: binaries.redisServer,
      // No persistence: it is a cache. proc-title off keeps the argv the lab recognises it by.
      args: ["--bind", LOOPBACK, "--port", String(p.redis), "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--set-proc-title", "no", "--dir", redisDir],
      ports: [p.redis],
      health: { url: loopbackUrl("redis", p.redis), healthy: (body) => body.startsWith("+PONG") },
      signature: redisDir,
    },
    {
      name: "argocd-repo-server",
      binary: binaries.argocd,
      args: [
        `--address=${LOOPBACK}`,
        `--port=${p.repoServer}`,
        `--metrics-address=${LOOPBACK}`,
        `--metrics-port=${p.repoServerMetrics}`,
        `--redis=${redis}`,
        clientCa,
        "--logformat=json",
      ],
      ports: [p.repoServer, p.repoServerMetrics],
      health: { url: `${http(p.repoServerMetrics)}/healthz`, healthy: ok },
      env: { ...argocdEnv(paths, "argocd-repo-server"), PATH: [...toolPath, process.env.PATH ?? ""].join(path.delimiter) },
      signature: clientCa,
    },
    {
      name: "argocd-application-controller",
      binary: binaries.argocd,
      args: [
        namespace,
        applicationControllerKubeconfig,
        `--redis=${redis}`,
        `--repo-server=${repoServer}`,
        `--metrics-port=${p.applicationControllerMetrics}`,
        `--app-resync=${LAB_APP_RESYNC_SECONDS}`,
        "--app-resync-jitter=1",
        "--hydrator-enabled=false",
        "--logformat=json",
      ],
      ports: [p.applicationControllerMetrics],
      health: { url: `${http(p.applicationControllerMetrics)}/healthz`, healthy: ok },
      env: argocdEnv(paths, "argocd-application-controller"),
      signature: applicationControllerKubeconfig,
    },
    {
      name: "argocd-applicationset-controller",
      binary: binaries.argocd,
      args: [
        namespace,
        applicationSetKubeconfig,
        `--metrics-addr=${LOOPBACK}:${p.applicationSetMetrics}`,
        `--probe-addr=${LOOPBACK}:${p.applicationSetProbe}`,
        `--webhook-addr=${LOOPBACK}:${p.applicationSetWebhook}`,
        `--argocd-repo-server=${repoServer}`,
        // SCM and pull-request generators call hosted APIs, which the lab cannot reach.
        "--enable-scm-providers=false",
        "--logformat=json",
      ],
      ports: [p.applicationSetMetrics, p.applicationSetProbe, p.applicationSetWebhook],
      // It registers no health checks (upstream runs it without probes): a metrics page means it is serving.
      health: { url: `${http(p.applicationSetMetrics)}/metrics`, healthy: (body) => body.includes("# HELP") },
      env: argocdEnv(paths, "argocd-applicationset-controller"),
      signature: applicationSetKubeconfig,
    },
  ];
}

/** Argo CD controllers that read a kubeconfig: each gets its own copy of the lab's. */
export const ARGOCD_KUBECONFIG_READERS = ["argocd-application-controller", "argocd-applicationset-controller"] as const;
export const controllerKubeconfigFile = (paths: LabPaths, controller: (typeof ARGOCD_KUBECONFIG_READERS)[number]): string =>
  path.join(paths.argocdDir, `${controller}.kubeconfig`);

/** What Argo CD's processes need before they can start: its CRDs and its config in the argocd namespace. */
export async function argocdInstalled(client: KubeClient): Promise<{ installed: boolean; missing: string[] }> {
  const required = [
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.argoproj.io",
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/appprojects.argoproj.io",
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applicationsets.argoproj.io",
    `/api/v1/namespaces/${ARGOCD_NAMESPACE}/configmaps/argocd-cm`,
  ];
  const found = await Promise.all(required.map(async (p) => (await client.get(p)) !== undefined));
  const missing = required.filter((_, i) => !found[i]).map((p) => p.split("/").pop() as string);
  return { installed: missing.length === 0, missing };
}

/** One Application as `lab status` shows it. */
export interface ApplicationStatus {
  readonly name: string;
  readonly project: string;
  readonly sync: string;
  readonly health: string;
  /** The commit it is synced to, if any. */
  readonly revision?: string;
  /** The last sync operation's phase and message, when it did not succeed. */
  readonly operation?: string;
}

interface ApplicationObject {
  metadata: { name: string };
  spec?: { project?: string };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    operationState?: { phase?: string; message?: string };
  };
}

export function applicationStatus(app: ApplicationObject): ApplicationStatus {
  const op = app.status?.operationState;
  return {
    name: app.metadata.name,
    project: app.spec?.project ?? "",
    sync: app.status?.sync?.status ?? "Unknown",
    health: app.status?.health?.status ?? "Unknown",
    ...(app.status?.sync?.revision ? { revision: app.status.sync.revision } : {}),
    ...(op?.phase && op.phase !== "Succeeded" ? { operation: `${op.phase}${op.message ? `: ${op.message}` : ""}` } : {}),
  };
}

/** Every Application in the argocd namespace; empty when Argo CD is not installed. */
export async function listApplications(client: KubeClient): Promise<ApplicationStatus[]> {
  const list = await client.get<{ items: ApplicationObject[] }>(`/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NAMESPACE}/applications`);
  return (list?.items ?? []).map(applicationStatus).sort((a, b) => a.name.localeCompare(b.name));
}
