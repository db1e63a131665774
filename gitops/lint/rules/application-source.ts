import { paths } from "../../../platform/layout";
import { kustomizationOf } from "../../repo/overlays";
import type { ApplicationRecord, LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, locateIn, locateNearest, type Rule } from "../rule";

const RULE = "application-source";
const OVERLAY_ENV = new RegExp(`^${paths.appsOverlays}/([^/]+)/`);

function isDirectory(context: LintContext, dir: string): boolean {
  return [...context.repository.sources.keys()].some((path) => path.startsWith(`${dir}/`));
}

function checkAppSource(context: LintContext, app: ApplicationRecord & { env: string }): Finding[] {
  if (app.sourcePath === undefined)
    return [findingAt(RULE, locateNearest(app, ["spec", "source", "path"]), `Application ${app.name} has no spec.source.path; app Applications sync a Git path`)];
  const at = locateIn(app, ["spec", "source", "path"]);
  const overlayEnv = OVERLAY_ENV.exec(app.sourcePath)?.[1];
  if (overlayEnv !== undefined && overlayEnv !== app.env)
    return [findingAt(RULE, at, `Application ${app.name} in environment ${app.env} syncs ${app.sourcePath}, an overlay of environment ${overlayEnv}`)];
  if (!kustomizationOf(context.repository.sources, app.sourcePath)) {
    const what = isDirectory(context, app.sourcePath) ? "has no kustomization.yaml" : "does not exist";
    return [findingAt(RULE, at, `source path ${app.sourcePath} of Application ${app.name} ${what}`)];
  }
  const build = context.builds.get(app.sourcePath);
  if (build && !build.ok)
    return [findingAt(RULE, at, `source path ${app.sourcePath} of Application ${app.name} does not build: ${build.error.split("\n")[0]}`)];
  return [];
}

/** A platform Application (a root app) must point at a directory that exists; chart sources are not checked here. */
function checkPlatformSource(context: LintContext, app: ApplicationRecord): Finding[] {
  if (app.sourcePath === undefined || isDirectory(context, app.sourcePath)) return [];
  return [findingAt(RULE, locateIn(app, ["spec", "source", "path"]), `source path ${app.sourcePath} of Application ${app.name} does not exist`)];
}

/** Every Application's source path exists and builds, and an environment's apps only sync that environment's overlays. */
export const applicationSource: Rule = {
  id: RULE,
  description: "every Application's source path exists and builds",
  check: (context) =>
    context.applications.flatMap((app) =>
      app.env !== undefined ? checkAppSource(context, { ...app, env: app.env }) : checkPlatformSource(context, app),
    ),
};
