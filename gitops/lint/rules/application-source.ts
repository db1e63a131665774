import type { ApplicationRecord } from "../../argocd/applications";
import { normalizeSourcePath } from "../../argocd/source-path";
import { asArray, asRecord } from "../../yaml/source-file";
import { paths } from "../../../platform/layout";
import type { PlannedSource } from "../plan";
import { plannedSources, type LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, locateIn, locateNearest, type Rule } from "../rule";

const RULE = "application-source";
const OVERLAY_ENV = new RegExp(`^${paths.appsOverlays}/([^/]+)/`);

/** The environment of an overlay path (`apps/overlays/<env>/…`), if it is one. */
function overlayEnvOf(dir: string): string | undefined {
  return OVERLAY_ENV.exec(`${dir}/`)?.[1];
}

function describe(source: PlannedSource): string {
  return source.at.length === 3 ? `spec.sources[${String(source.at[2])}]` : "spec.source";
}

/** Argo CD's own validation of a source entry, before any rendering. */
function entryProblem(source: PlannedSource, multi: boolean): string | undefined {
  if (source.repoURL === undefined) return "has no repoURL";
  if (multi && source.path === undefined && source.chart === undefined && source.ref === undefined) return "needs a path, a chart or a ref";
  return undefined;
}

function checkSource(context: LintContext, app: ApplicationRecord, source: PlannedSource, multi: boolean): Finding[] {
  const where = `${describe(source)} of ${app.label}`;
  const at = (field: string) => locateNearest(app, [...source.at, field]);
  const problem = entryProblem(source, multi);
  if (problem) return [findingAt(RULE, locateNearest(app, source.at), `${where} ${problem}`)];
  const kind = source.kind;
  switch (kind.type) {
    case "invalid": {
      const hint = kind.suggestion ? `; did you mean ${kind.suggestion}?` : "";
      return [findingAt(RULE, at(kind.field), `${where}: ${kind.reason}${hint}`)];
    }
    case "not-checkable":
      // An unexpanded template's parameters are already explained by the application-set rule.
      if (!app.expanded) return [];
      return [findingAt(RULE, at(kind.field), `${where} ${kind.reason}; not checkable here`, "warning")];
    case "kustomize":
    case "helm":
    case "directory": {
      const findings: Finding[] = [];
      const overlayEnv = overlayEnvOf(kind.dir);
      if (app.env !== undefined && overlayEnv !== undefined && overlayEnv !== app.env)
        findings.push(findingAt(RULE, at("path"), `${where} in environment ${app.env} syncs ${kind.dir}, an overlay of environment ${overlayEnv}; point it at ${kind.dir.replace(`/${overlayEnv}/`, `/${app.env}/`)}`));
      if (kind.type === "directory") {
        if (kind.jsonnet.length > 0)
          findings.push(findingAt(RULE, at("path"), `${where} evaluates jsonnet (${kind.jsonnet.join(", ")}), which the lint cannot check; render it to YAML or exclude it`, "warning"));
        else if (kind.files.length === 0)
          findings.push(findingAt(RULE, at("path"), `${where}: ${kind.dir} is a directory source with no YAML or JSON file Argo CD would read (no kustomization.yaml or Chart.yaml either)`));
      }
      const build = source.renderKey === undefined ? undefined : context.renders.get(source.renderKey);
      if (build && !build.ok) {
        const verb = kind.type === "helm" ? "does not render with helm template" : "does not build with kustomize";
        findings.push(findingAt(RULE, at("path"), `${where}: ${kind.dir} ${verb}: ${build.error.split("\n")[0]}`));
      }
      return findings;
    }
    default:
      return [];
  }
}

/** Helm value files taken from another source (`$ref/path`) of this repository must exist, for remote charts too. */
function refValueFiles(context: LintContext, app: ApplicationRecord, sources: readonly PlannedSource[]): Finding[] {
  return sources.flatMap((source) => {
    const helm = asRecord(source.fields.helm) ?? {};
    if (helm.ignoreMissingValueFiles === true) return [];
    return asArray(helm.valueFiles).flatMap((entry, index) => {
      const ref = typeof entry === "string" ? /^\$([^/]+)\/(.*)$/.exec(entry) : null;
      const refSource = ref ? sources.find((s) => s.ref === ref[1]) : undefined;
      if (!ref || !refSource || refSource.kind.type !== "ref-only" || !context.plan.ownRepository(app.env)(refSource.repoURL)) return [];
      const path = normalizeSourcePath(ref[2] ?? "");
      if (path.ok && context.repository.files.has(path.path)) return [];
      return [findingAt(RULE, locateIn(app, [...source.at, "helm", "valueFiles", index]), `${describe(source)} of ${app.label}: value file ${String(entry)} does not exist in this repository`)];
    });
  });
}

function checkApplication(context: LintContext, app: ApplicationRecord): Finding[] {
  const sources = plannedSources(context, app);
  if (sources.length === 0) return [findingAt(RULE, locateIn(app, ["spec"]), `${app.label} has neither spec.source nor spec.sources`)];
  return [...sources.flatMap((source) => checkSource(context, app, source, sources.length > 1 || source.at.length === 3)), ...refValueFiles(context, app, sources)];
}

/**
 * Every source of every Application (declared or generated) is what Argo CD can
 * render: the path exists (normalized as Argo CD does; a close match is
 * suggested), its type (kustomize, helm chart, directory of YAML/JSON) renders,
 * and an environment's apps only sync that environment's overlays. Plugins,
 * jsonnet and other repositories are reported as not checkable.
 */
export const applicationSource: Rule = {
  id: RULE,
  description: "every Application source exists and renders as Argo CD would render it (kustomize, helm, directory)",
  check: (context) => context.applications.flatMap((app) => checkApplication(context, app)),
};
