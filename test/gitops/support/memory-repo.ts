/** Repositories held in memory, for tests of pure planning code. */
import { repositoryFromSources, type Repository } from "../../../gitops/repo/repository";
import { parseSourceFile } from "../../../gitops/yaml/source-file";

export function memoryRepository(files: Readonly<Record<string, string>>): Repository {
  return repositoryFromSources("/memory", new Map(Object.entries(files).map(([path, text]) => [path, parseSourceFile(path, text)])));
}

/** A valid stack file for `env` with the given tenant namespaces. */
export function stackYaml(env: string, namespaces: readonly string[], extra = ""): string {
  return [
    "config:",
    `  gitops-platform:environment: ${env}`,
    "  gitops-platform:network:",
    "    availabilityZones: 3",
    "  gitops-platform:cluster:",
    "    mode: eks",
    "    nodeGroups:",
    "      - { name: general, minSize: 1, desiredSize: 1, maxSize: 2 }",
    "  gitops-platform:tenants:",
    ...namespaces.map((ns) => `    - { namespace: ${ns}, team: ${ns} }`),
    "  gitops-platform:argocd:",
    `    repoUrl: https://github.com/example-org/${env}.git`,
    extra,
    // Production must say whether it has a database (platform/config/production.ts).
    ...(env === "production" ? ["  gitops-platform:database: { enabled: false }"] : []),
  ].join("\n");
}

export function overlayYaml(namespace?: string): string {
  return ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", ...(namespace ? [`namespace: ${namespace}`] : []), "resources: [../../../base/web]", ""].join("\n");
}
