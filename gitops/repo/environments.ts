/**
 * The environments with GitOps content: a stack file declares the environment
 * and the repository holds `argocd/applications/<env>` or `apps/overlays/<env>`.
 * A stack without such content (say a lab stack) is infrastructure only.
 */
import { paths } from "../../platform/layout";
import type { ParsedStacks, StackProblem } from "./stacks";
import type { StackFile } from "./stacks";

export interface GitOpsEnvironment {
  readonly env: string;
  readonly stack: StackFile;
  /** Namespaces Pulumi provisions for app teams in this environment. */
  readonly namespaces: readonly string[];
}

/** GitOps content of an environment: an Application file, or an overlay's kustomization. */
const CONTENT = new RegExp(`^(?:${paths.argocdRoot}/applications/([^/]+)/[^/]+\\.(?:ya?ml|json)|${paths.appsOverlays}/([^/]+)/[^/]+/kustomization\\.ya?ml)$`);

/** Environment name → first file of its GitOps content, from the repository's file paths. */
export function environmentsWithContent(filePaths: Iterable<string>): Map<string, string> {
  const envs = new Map<string, string>();
  for (const path of [...filePaths].sort()) {
    const match = CONTENT.exec(path);
    const env = match?.[1] ?? match?.[2];
    if (env !== undefined && !envs.has(env)) envs.set(env, path);
  }
  return envs;
}

/**
 * Pairs each environment that has content with the one stack that declares it.
 * Content without a stack, or two stacks for one environment, are problems:
 * either would leave Argo CD destinations without a provisioning owner.
 */
export function resolveEnvironments(
  parsed: ParsedStacks,
  envsWithContent: ReadonlyMap<string, string>,
): { environments: Map<string, GitOpsEnvironment>; problems: StackProblem[] } {
  const environments = new Map<string, GitOpsEnvironment>();
  const problems: StackProblem[] = [];
  for (const stack of [...parsed.stacks].sort((a, b) => a.stack.localeCompare(b.stack))) {
    const env = stack.config.environment;
    if (!envsWithContent.has(env)) continue;
    const existing = environments.get(env);
    if (existing) {
      problems.push({ file: stack.file, line: 1, message: `environment "${env}" is already declared by ${existing.stack.file}` });
      continue;
    }
    environments.set(env, { env, stack, namespaces: stack.config.tenants.map((t) => t.namespace) });
  }
  for (const [env, firstFile] of [...envsWithContent].sort(([a], [b]) => a.localeCompare(b))) {
    if (!parsed.declaredEnvironments.has(env))
      problems.push({
        file: firstFile,
        line: 1,
        message: `no Pulumi stack declares environment "${env}" (add ${paths.stackConfigFile(env)} with gitops-platform:environment: ${env})`,
      });
  }
  return { environments, problems };
}
