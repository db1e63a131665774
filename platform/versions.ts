/**
 * Pinned versions of everything the platform installs. Bumping one is a reviewed
 * change to this file, never an implicit "latest".
 */
export const versions = {
  /** EKS control-plane version. */
  kubernetes: "1.33",
  /** RDS PostgreSQL engine version. */
  postgres: "17.4",
  /** argo-helm `argo-cd` chart. */
  argocdChart: "9.1.4",
  /** Argo CD whose upstream install manifests the offline lab applies (from the Go module proxy). */
  argocd: "v3.5.7",
  /** external-secrets chart. */
  externalSecretsChart: "0.20.4",
  /** bitnami-labs sealed-secrets chart. */
  sealedSecretsChart: "2.17.7",
} as const;

/** Helm repositories the pinned charts come from. */
export const chartRepositories = {
  argocd: "https://argoproj.github.io/argo-helm",
  externalSecrets: "https://charts.external-secrets.io",
  sealedSecrets: "https://bitnami-labs.github.io/sealed-secrets",
} as const;
