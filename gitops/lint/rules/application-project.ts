import { names } from "../../../platform/layout";
import { asArray, asRecord, asString } from "../../yaml/source-file";
import type { ApplicationRecord, ArgoObject, LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, locateIn, locateNearest, type Rule } from "../rule";

const RULE = "application-project";

function checkApplication(context: LintContext, app: ApplicationRecord): Finding[] {
  const project = asString(app.spec.project);
  if (app.env !== undefined && project !== names.project(app.env))
    return [findingAt(RULE, locateNearest(app, ["spec", "project"]), `Application ${app.name} must belong to AppProject "${names.project(app.env)}" of environment ${app.env}, not "${project ?? "(none)"}"`)];
  const appProject = project === undefined ? undefined : context.projects.get(project);
  if (!appProject) return [findingAt(RULE, locateNearest(app, ["spec", "project"]), `AppProject "${project ?? "(none)"}" is not defined under argocd/projects`)];

  const findings: Finding[] = [];
  const repoURL = asString(asRecord(app.spec.source)?.repoURL);
  const sourceRepos = asArray(appProject.spec.sourceRepos);
  if (repoURL === undefined || !sourceRepos.includes(repoURL))
    findings.push(findingAt(RULE, locateNearest(app, ["spec", "source", "repoURL"]), `AppProject "${appProject.name}" does not allow source repository ${repoURL ?? "(none)"}`));
  const destination = asRecord(app.spec.destination) ?? {};
  const allowed = asArray(appProject.spec.destinations).some((d) => {
    const record = asRecord(d);
    return record?.server === destination.server && record?.namespace === destination.namespace;
  });
  if (!allowed)
    findings.push(
      findingAt(RULE, locateNearest(app, ["spec", "destination"]), `AppProject "${appProject.name}" does not allow destination ${String(destination.server)} namespace ${String(destination.namespace)}`),
    );
  return findings;
}

/** AppProjects list sources, destinations and cluster kinds explicitly: a wildcard would void the boundary. */
function checkWildcards(project: ArgoObject): Finding[] {
  const fields = [
    ["sourceRepos", (v: unknown) => [v]],
    ["destinations", (v: unknown) => [asRecord(v)?.server, asRecord(v)?.namespace]],
    ["clusterResourceWhitelist", (v: unknown) => [asRecord(v)?.group, asRecord(v)?.kind]],
  ] as const;
  return fields.flatMap(([field, valuesOf]) =>
    asArray(project.spec[field]).flatMap((item, index) =>
      valuesOf(item).some((v) => typeof v === "string" && v.includes("*"))
        ? [findingAt(RULE, locateIn(project, ["spec", field, index]), `AppProject "${project.name}" uses a wildcard in ${field}`)]
        : [],
    ),
  );
}

/** Every Application belongs to its environment's AppProject, and that project allows its source and destination. */
export const applicationProject: Rule = {
  id: RULE,
  description: "Applications belong to their environment's AppProject, which allows their repository and destination",
  check: (context) => [...context.applications.flatMap((app) => checkApplication(context, app)), ...[...context.projects.values()].flatMap(checkWildcards)],
};
