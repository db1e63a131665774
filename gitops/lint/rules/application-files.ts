import { names } from "../../../platform/layout";
import type { ApplicationRecord, ArgoObject } from "../../argocd/applications";
import type { LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, locateIn, type Rule } from "../rule";

const RULE = "application-files";

function unreadFindings(context: LintContext): Finding[] {
  return context.plan.model.unread.map(({ file, env, root, options }) => {
    const why = !options.recurse && file.split("/").length > 4 ? "it sits in a subfolder and directory.recurse is off" : "its directory.include/exclude skip it";
    return findingAt(RULE, { file, line: 1 }, `Application ${root} never applies this file (${why}); move it into argocd/applications/${env}/ or delete it`);
  });
}

function duplicates<T extends ArgoObject>(objects: readonly T[], label: (o: T) => string): Finding[] {
  const first = new Map<string, T>();
  const findings: Finding[] = [];
  for (const object of objects) {
    if (object.name.includes("{{")) continue;
    const earlier = first.get(object.name);
    if (!earlier) {
      first.set(object.name, object);
      continue;
    }
    const there = locateIn(earlier, ["metadata", "name"]);
    findings.push(findingAt(RULE, locateIn(object, ["metadata", "name"]), `${label(object)} is also defined at ${there.file}:${there.line}; Argo CD keeps only one of them, so rename one`));
  }
  return findings;
}

/** Applications by the cluster they land in: an environment's apps share it with that environment's root and self Applications. */
function applicationClashes(context: LintContext): Finding[] {
  const byEnv = new Map<string, ApplicationRecord[]>();
  for (const app of context.applications) if (app.expanded && app.env !== undefined) byEnv.set(app.env, [...(byEnv.get(app.env) ?? []), app]);
  return [...byEnv].flatMap(([env, apps]) => [
    ...duplicates(apps, (app) => app.label),
    ...apps
      .filter((app) => app.name === names.rootApplication(env) || app.name === names.selfApplication)
      .map((app) => findingAt(RULE, locateIn(app, ["metadata", "name"]), `${app.label} takes the name of the platform's own Application in ${env}; Argo CD would replace it, so rename it`)),
  ]);
}

function jsonnetFindings(context: LintContext): Finding[] {
  return [...context.repository.files]
    .filter((file) => /^argocd\/applications\/[^/]+\/[^/]+\.jsonnet$/.test(file))
    .map((file) => findingAt(RULE, { file, line: 1 }, "the root Application evaluates this jsonnet file, which the lint cannot check; write it as YAML", "warning"));
}

/**
 * The files under argocd/ are what Argo CD applies: every file in an
 * environment's folder is read by its root Application (subfolders only with
 * directory.recurse), and no two Applications, ApplicationSets or AppProjects
 * share a name (the later one would silently replace the earlier).
 */
export const applicationFiles: Rule = {
  id: RULE,
  description: "every file under argocd/applications/<env> is applied by the root Application, and Argo CD object names are unique",
  check: (context) => [
    ...unreadFindings(context),
    ...applicationClashes(context),
    ...duplicates(context.plan.model.applicationSets, (set) => `ApplicationSet ${set.name}`),
    ...duplicates(context.plan.model.projects, (project) => `AppProject ${project.name}`),
    ...jsonnetFindings(context),
  ],
};
