import { DEFAULT_PROJECT } from "../../../platform/argocd-manifests";
import { names, paths } from "../../../platform/layout";
import { isTemplated, type ApplicationRecord, type ArgoObject } from "../../argocd/applications";
import { resolveDestination } from "../../argocd/destination";
import { asArray, asRecord, asString } from "../../yaml/source-file";
import type { LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, locateIn, locateNearest, type Rule } from "../rule";

const RULE = "application-project";

function checkDestination(app: ApplicationRecord, project: ArgoObject): Finding[] {
  const destination = resolveDestination(app.spec.destination);
  if (!destination.ok) return [findingAt(RULE, locateNearest(app, ["spec", "destination", destination.field]), `${app.label}: destination ${destination.reason}`)];
  if (isTemplated(destination.namespace)) return [];
  const allowed = asArray(project.spec.destinations).some((d) => {
    // A project destination names its cluster by server or by name, like an Application's.
    const allowedHere = resolveDestination(d);
    return allowedHere.ok && allowedHere.server === destination.server && allowedHere.namespace === destination.namespace;
  });
  if (allowed) return [];
  return [findingAt(RULE, locateNearest(app, ["spec", "destination"]), `AppProject "${project.name}" does not allow destination ${destination.server} namespace ${destination.namespace ?? "(none)"} of ${app.label}`)];
}

function checkApplication(context: LintContext, app: ApplicationRecord): Finding[] {
  const project = asString(app.spec.project);
  if (isTemplated(project)) return [];
  const at = locateNearest(app, ["spec", "project"]);
  if (project === undefined || project === "" || project === DEFAULT_PROJECT) {
    const expected = app.env !== undefined ? `"${names.project(app.env)}"` : "its environment's project";
    return [findingAt(RULE, at, `${app.label} uses the built-in "${DEFAULT_PROJECT}" AppProject, which Pulumi locks down (no sources, no destinations); set spec.project to ${expected}`)];
  }
  if (app.env !== undefined && project !== names.project(app.env))
    return [findingAt(RULE, at, `${app.label} must belong to AppProject "${names.project(app.env)}" of environment ${app.env}, not "${project}"`)];
  const appProject = context.projects.get(project);
  if (!appProject) return [findingAt(RULE, at, `AppProject "${project}" of ${app.label} is not defined under argocd/projects`)];

  const sourceRepos = asArray(appProject.spec.sourceRepos);
  const repoFindings = app.sources
    .filter((source) => source.repoURL !== undefined && !isTemplated(source.repoURL) && !sourceRepos.includes(source.repoURL))
    .map((source) => findingAt(RULE, locateNearest(app, [...source.at, "repoURL"]), `AppProject "${appProject.name}" does not allow source repository ${source.repoURL} of ${app.label} (allowed: ${sourceRepos.join(", ") || "none"})`));
  return [...repoFindings, ...checkDestination(app, appProject)];
}

/** AppProjects list sources, destinations and cluster kinds explicitly: a wildcard would void the boundary. */
function checkProject(project: ArgoObject): Finding[] {
  if (project.file.path.startsWith(`${paths.argocdRoot}/applications/`))
    return [findingAt(RULE, locateIn(project, ["metadata", "name"]), `AppProject "${project.name}" sits where a root Application syncs it; only Pulumi defines AppProjects (argocd/projects, generated)`)];
  const fields = [
    ["sourceRepos", (v: unknown) => [v]],
    ["destinations", (v: unknown) => [asRecord(v)?.server, asRecord(v)?.namespace, asRecord(v)?.name]],
    ["clusterResourceWhitelist", (v: unknown) => [asRecord(v)?.group, asRecord(v)?.kind]],
  ] as const;
  return fields.flatMap(([field, valuesOf]) =>
    asArray(project.spec[field]).flatMap((item, index) =>
      valuesOf(item).some((v) => typeof v === "string" && v.includes("*"))
        ? [findingAt(RULE, locateIn(project, ["spec", field, index]), `AppProject "${project.name}" uses a wildcard in ${field}; list each entry explicitly`)]
        : [],
    ),
  );
}

/**
 * Every Application (declared or generated) belongs to its environment's
 * AppProject, never `default`, and that project allows each of its source
 * repositories and its resolved destination.
 */
export const applicationProject: Rule = {
  id: RULE,
  description: "Applications belong to their environment's AppProject (never default), which allows their repositories and destination",
  check: (context) => [...context.applications.flatMap((app) => checkApplication(context, app)), ...context.plan.model.projects.flatMap(checkProject)],
};
