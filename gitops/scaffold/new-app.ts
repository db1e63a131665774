/**
 * `gitops new-app <name>`: everything a new app needs, computed in memory
 * first — base, one overlay per environment, its namespace as a tenant of each
 * stack, and the generated Applications and AppProjects that follow — then
 * written in one go. Nothing is written when anything is refused.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { planForRepository } from "../generate";
import { repositoryFromSources, type Repository } from "../repo/repository";
import { parseSourceFile, type SourceFile } from "../yaml/source-file";
import { existingAppProblems, nameProblems, reservedNamespaceProblems } from "./app-name";
import { addTenant } from "./stack-tenants";
import { DEFAULT_IMAGE, DEFAULT_PORT, baseFiles, overlayFiles } from "./templates";
import { unpinnedReason } from "../lint/image-reference";

export interface NewAppOptions {
  readonly app: string;
  /** Team that owns the namespace; defaults to the app name. */
  readonly team?: string;
  /** Namespace the app deploys into; defaults to the app name. An existing tenant namespace is reused. */
  readonly namespace?: string;
  /** Container image pinned by tag or digest; defaults to DEFAULT_IMAGE. */
  readonly image?: string;
  /** Container HTTP port; defaults to DEFAULT_PORT. */
  readonly port?: number;
}

export interface NewAppPlan {
  /** Files that do not exist yet, path → text. */
  readonly created: ReadonlyMap<string, string>;
  /** Existing files that change (stack files, projects), path → new text. */
  readonly updated: ReadonlyMap<string, string>;
}

/** A refused scaffold; `reasons` lists every problem at once. */
export class NewAppError extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(`gitops new-app refused:\n${reasons.map((r) => `  - ${r}`).join("\n")}`);
    this.name = "NewAppError";
  }
}

function refusals(repository: Repository, options: Required<NewAppOptions>, envs: string[]): string[] {
  if (repository.stackProblems.length > 0)
    return repository.stackProblems.map((p) => `${p.file}:${p.line}: ${p.message} (fix the stack files first)`);
  if (envs.length === 0) return ["no environment has GitOps content yet (argocd/applications/<env> or apps/overlays/<env>)"];
  const pinned = unpinnedReason(options.image);
  return [
    ...nameProblems("app", options.app, envs),
    // A namespace or team defaulted from the app name is not reported twice for the same fault.
    ...(options.namespace === options.app ? reservedNamespaceProblems(options.namespace) : nameProblems("namespace", options.namespace, envs)),
    ...(options.team === options.app ? [] : nameProblems("team", options.team, envs)),
    ...(pinned ? [`image ${options.image} ${pinned}; pass --image with a version tag or digest`] : []),
    ...(Number.isInteger(options.port) && options.port > 0 && options.port < 65536 ? [] : [`port ${options.port} is not a TCP port`]),
    ...existingAppProblems(options.app, envs, new Set(repository.sources.keys())),
  ];
}

/** The whole change, in memory. Throws NewAppError listing every reason when the app cannot be added. */
export function planNewApp(repository: Repository, input: NewAppOptions): NewAppPlan {
  const options: Required<NewAppOptions> = {
    app: input.app,
    team: input.team ?? input.app,
    namespace: input.namespace ?? input.app,
    image: input.image ?? DEFAULT_IMAGE,
    port: input.port ?? DEFAULT_PORT,
  };
  const environments = [...repository.environments.values()];
  const reasons = refusals(repository, options, environments.map((e) => e.env));
  if (reasons.length > 0) throw new NewAppError(reasons);

  const created = new Map(baseFiles(options));
  const updated = new Map<string, string>();
  for (const { env, stack } of environments) {
    for (const [path, text] of overlayFiles({ app: options.app, env, namespace: options.namespace })) created.set(path, text);
    const current = repository.sources.get(stack.file)?.text ?? "";
    const edit = addTenant(stack.file, current, { namespace: options.namespace, team: options.team });
    if (edit.added) updated.set(stack.file, edit.text);
  }

  // Regenerate from the repository as it will be, so Applications and AppProjects follow the new tenant.
  const next = new Map<string, SourceFile>(repository.sources);
  for (const [path, text] of [...created, ...updated]) next.set(path, parseSourceFile(path, text));
  const after = repositoryFromSources(repository.root, next);
  const generated = planForRepository(after);
  const afterProblems = [...after.stackProblems, ...generated.problems];
  if (afterProblems.length > 0) throw new NewAppError(afterProblems.map((p) => `${p.file}:${p.line}: ${p.message}`));
  for (const [path, text] of generated.files) {
    const present = repository.sources.get(path)?.text;
    if (present === undefined) created.set(path, text);
    else if (present !== text) updated.set(path, text);
  }
  return { created, updated };
}

/** Writes a plan. Created files use the exclusive flag, so an existing file is never overwritten. */
export async function writeNewApp(root: string, plan: NewAppPlan): Promise<void> {
  for (const [path, text] of plan.created) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text, { flag: "wx" });
  }
  for (const [path, text] of plan.updated) await writeFile(join(root, path), text);
}
