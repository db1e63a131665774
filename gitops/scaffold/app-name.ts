/**
 * What makes a good app name: a DNS label that every derived name (Application,
 * namespace, labels) can carry, and one that collides with nothing the platform
 * or an existing app already uses.
 */
import { ARGOCD_NAMESPACE, names, paths } from "../../platform/layout";

/** Kubernetes label values (Argo CD's instance label carries the Application name) stop at 63 characters. */
const MAX_LABEL = 63;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Namespaces that belong to Kubernetes or the platform, never to an app team. */
export const RESERVED_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease", ARGOCD_NAMESPACE];

export function reservedNamespaceProblems(namespace: string): string[] {
  return RESERVED_NAMESPACES.includes(namespace) ? [`namespace "${namespace}" is reserved for the platform`] : [];
}

/** Reasons a name is not acceptable on its own (format and collisions with platform names). Empty when fine. */
export function nameProblems(kind: "app" | "namespace" | "team", name: string, envs: readonly string[]): string[] {
  if (!DNS_LABEL.test(name))
    return [`${kind} name "${name}" must be a DNS label: lowercase letters, digits and '-', starting with a letter and not ending with '-'`];
  const problems = kind === "namespace" ? reservedNamespaceProblems(name) : [];
  if (kind !== "app") return problems;
  for (const env of envs) {
    const application = names.application(name, env);
    if (application.length > MAX_LABEL) problems.push(`Application name "${application}" would exceed ${MAX_LABEL} characters; choose a shorter app name`);
    if (application === names.rootApplication(env) || application === names.selfApplication)
      problems.push(`Application name "${application}" would collide with a platform Application`);
  }
  return problems;
}

/** Reasons the app already exists, from the repository's file paths. */
export function existingAppProblems(app: string, envs: readonly string[], filePaths: ReadonlySet<string>): string[] {
  const taken = (prefix: string) => [...filePaths].some((path) => path === prefix || path.startsWith(`${prefix}/`));
  const places = [paths.appBase(app), ...envs.map((env) => paths.appOverlay(env, app)), ...envs.map((env) => paths.applicationFile(env, app))];
  return places.filter(taken).map((place) => `app "${app}" already exists: ${place}`);
}
