/**
 * Every name and path that both halves of the platform must agree on, in one table.
 *
 * Pulumi (components/), the GitOps content (apps/, argocd/), the linter and the
 * scaffolding all read from here, so a namespace, an AppProject or the name of a
 * database secret is written down exactly once. Nothing in this file imports a
 * provider: it is pure data and pure functions.
 */

/** Environments with GitOps content, in promotion order (staging is applied before production). */
export const PROMOTION_ORDER = ["staging", "production"] as const;

/** Every environment a stack can declare. `local` runs on the offline lab cluster. */
export const ENVIRONMENTS = ["local", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The Pulumi project name; config keys are namespaced with it (`gitops-platform:<key>`). */
export const PROJECT_NAME = "gitops-platform";

/** Namespace Argo CD is installed into and where all Applications and AppProjects live. */
export const ARGOCD_NAMESPACE = "argocd";

/** Argo CD's finalizer that deletes an Application's resources before the Application itself. */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

/** In-cluster API server address used as every Application's destination. */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/** Repository paths, relative to the repository root. */
export const paths = {
  appsOverlays: "apps/overlays",
  argocdRoot: "argocd",
  appBase: (app: string): string => `apps/base/${app}`,
  appOverlay: (env: string, app: string): string => `apps/overlays/${env}/${app}`,
  applicationsDir: (env: string): string => `argocd/applications/${env}`,
  applicationFile: (env: string, app: string): string => `argocd/applications/${env}/${app}.yaml`,
  projectFile: (env: string): string => `argocd/projects/${env}.yaml`,
  rootApplicationFile: (env: string): string => `argocd/bootstrap/root-${env}.yaml`,
  /**
   * The self-managing Argo CD Application as registered in one environment's
   * cluster. Per environment because its Helm values differ (HA in production).
   */
  selfApplicationFileFor: (env: string): string => `argocd/bootstrap/argocd-${env}.yaml`,
  stackConfigFile: (stack: string): string => `Pulumi.${stack}.yaml`,
} as const;

/** Kubernetes and Argo CD object names. */
export const names: {
  project(env: string): string;
  rootApplication(env: string): string;
  selfApplication: string;
  application(app: string, env: string): string;
  databaseSecret(env: string, database: string): string;
  secretsPrefix(env: string): string;
  databaseCredentials(database: string): string;
  clusterSecretStore: string;
} = {
  /** The AppProject an environment's Applications belong to. */
  project: (env: string): string => env,
  /** The app-of-apps Application that syncs `argocd/applications/<env>`. */
  rootApplication: (env: string): string => `root-${env}`,
  /** The Application through which Argo CD manages its own installation. */
  selfApplication: "argocd",
  /** An app team's Application in one environment. */
  application: (app: string, env: string): string => `${app}-${env}`,
  /**
   * AWS Secrets Manager name holding a database's connection secret. The
   * PostgresDatabase component writes it; the app's ExternalSecret reads it.
   */
  databaseSecret: (env: string, database: string): string => `${names.secretsPrefix(env)}${database}/postgres`,
  /** Every Secrets Manager secret of an environment starts with this; the External Secrets role may read nothing else. */
  secretsPrefix: (env: string): string => `gitops-platform/${env}/`,
  /** The in-cluster Secret that External Secrets (or Sealed Secrets) materialises for an app. */
  databaseCredentials: (database: string): string => `${database}-db-credentials`,
  /** ClusterSecretStore that points External Secrets at AWS Secrets Manager. */
  clusterSecretStore: "aws-secrets-manager",
};

/** Labels Pulumi puts on every namespace it provisions for app teams. */
export const labels = {
  managedBy: "app.kubernetes.io/managed-by",
  team: "gitops-platform.io/team",
  environment: "gitops-platform.io/environment",
} as const;
