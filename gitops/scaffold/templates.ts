/**
 * The starting point of a new app: a production-shaped base (hardened pod,
 * probes, requests and limits, HPA, PDB) and one overlay per environment.
 * Everything is data first; the scaffold turns it into files.
 */
import { stringify } from "yaml";
import { paths } from "../../platform/layout";

export interface AppTemplateInput {
  readonly app: string;
  /** Container image, pinned by tag or digest. */
  readonly image: string;
  /** Port the container serves HTTP, /healthz and /readyz on. */
  readonly port: number;
}

/** The default image: a small, real HTTP service with health endpoints, pinned. */
export const DEFAULT_IMAGE = "ghcr.io/stefanprodan/podinfo:6.7.1";
export const DEFAULT_PORT = 9898;

const KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1";

function yamlFile(comment: string, ...objects: object[]): string {
  const header = comment ? `${comment.split("\n").map((l) => `# ${l}`.trimEnd()).join("\n")}\n` : "";
  return header + objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}

function deployment({ app, image, port }: AppTemplateInput): object {
  const selector = { "app.kubernetes.io/name": app };
  const probe = (path: string) => ({ httpGet: { path, port: "http" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: app, labels: selector },
    spec: {
      revisionHistoryLimit: 5,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: app,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: app,
              image,
              ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
              envFrom: [{ configMapRef: { name: `${app}-config` } }],
              resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
              livenessProbe: probe("/healthz"),
              readinessProbe: probe("/readyz"),
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}

/** The base: `apps/base/<app>/…`, keyed by path. */
export function baseFiles(input: AppTemplateInput): Map<string, string> {
  const { app } = input;
  const dir = paths.appBase(app);
  const labels = { "app.kubernetes.io/name": app };
  return new Map([
    [
      `${dir}/kustomization.yaml`,
      yamlFile(`${app}: the environment-independent shape of the workload; overlays set namespace, sizing and configuration.`, {
        apiVersion: KUSTOMIZE_API,
        kind: "Kustomization",
        resources: ["serviceaccount.yaml", "deployment.yaml", "service.yaml", "hpa.yaml", "pdb.yaml"],
        configMapGenerator: [{ name: `${app}-config`, literals: ["LOG_LEVEL=info"] }],
      }),
    ],
    [`${dir}/serviceaccount.yaml`, yamlFile("", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: app, labels }, automountServiceAccountToken: false })],
    [`${dir}/deployment.yaml`, yamlFile("No replicas: the HorizontalPodAutoscaler owns the count.", deployment(input))],
    [
      `${dir}/service.yaml`,
      yamlFile("", { apiVersion: "v1", kind: "Service", metadata: { name: app, labels }, spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] } }),
    ],
    [
      `${dir}/hpa.yaml`,
      yamlFile("", {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: app, labels },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app },
          minReplicas: 2,
          maxReplicas: 4,
          metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
        },
      }),
    ],
    [`${dir}/pdb.yaml`, yamlFile("", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: app, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } })],
  ]);
}

/**
 * One overlay: `apps/overlays/<env>/<app>/kustomization.yaml`. Production starts with more
 * headroom. The `local` lab has no metrics server, so an autoscaler there would report
 * FailedGetResourceMetric and Argo CD would rightly call the app Degraded: its overlay
 * drops the autoscaler and runs a fixed count instead.
 */
export function overlayFiles(input: { app: string; env: string; namespace: string }): Map<string, string> {
  const { app, env, namespace } = input;
  const production = env === "production";
  const sizing =
    env === "local"
      ? [
          { target: { kind: "HorizontalPodAutoscaler", name: app }, patch: stringify({ $patch: "delete", apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: app } }) },
          { target: { kind: "Deployment", name: app }, patch: stringify([{ op: "add", path: "/spec/replicas", value: 2 }]) },
        ]
      : [
          {
            target: { kind: "HorizontalPodAutoscaler", name: app },
            patch: stringify([
              { op: "replace", path: "/spec/minReplicas", value: production ? 3 : 2 },
              { op: "replace", path: "/spec/maxReplicas", value: production ? 10 : 4 },
            ]),
          },
        ];
  const kustomization = {
    apiVersion: KUSTOMIZE_API,
    kind: "Kustomization",
    namespace,
    resources: [`../../../base/${app}`],
    labels: [{ pairs: { "gitops-platform.io/environment": env }, includeSelectors: false, includeTemplates: true }],
    patches: sizing,
  };
  const comment = `${app} in ${env}. \`namespace\` is the generated Application's destination and must be a tenant of the ${env} stack.`;
  return new Map([[`${paths.appOverlay(env, app)}/kustomization.yaml`, yamlFile(comment, kustomization)]]);
}
