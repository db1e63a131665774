import { APP_SYNC_OPTIONS } from "../../../platform/argocd-manifests";
import { RESOURCES_FINALIZER } from "../../../platform/layout";
import { asArray, asRecord } from "../../yaml/source-file";
import type { ApplicationRecord } from "../../argocd/applications";
import type { Finding } from "../finding";
import { findingAt, locateNearest, type Rule } from "../rule";

const RULE = "sync-policy";

/**
 * The seed's Application pattern: Git is the only way in (automated prune and
 * selfHeal), deleting an Application deletes its resources (the finalizer),
 * namespaces come from Pulumi (CreateNamespace=false), and deletes wait for
 * dependents (foreground propagation).
 */
function check(app: ApplicationRecord): Finding[] {
  const findings: Finding[] = [];
  const label = app.generatedBy === undefined ? app.label : `ApplicationSet ${app.generatedBy}'s template`;
  const automated = asRecord(asRecord(app.spec.syncPolicy)?.automated);
  for (const flag of ["prune", "selfHeal"] as const)
    if (automated?.[flag] !== true)
      findings.push(findingAt(RULE, locateNearest(app, ["spec", "syncPolicy", "automated", flag]), `${label} needs syncPolicy.automated.${flag}: true`));
  const finalizers = asArray(asRecord(objectOf(app).metadata)?.finalizers);
  if (!finalizers.includes(RESOURCES_FINALIZER))
    findings.push(findingAt(RULE, locateNearest(app, ["metadata", "finalizers"]), `${label} needs the ${RESOURCES_FINALIZER} finalizer`));
  const syncOptions = asArray(asRecord(app.spec.syncPolicy)?.syncOptions);
  const creates = syncOptions.indexOf(CREATE_NAMESPACE);
  if (creates >= 0)
    findings.push(findingAt(RULE, locateNearest(app, ["spec", "syncPolicy", "syncOptions", creates]), `${label} sets ${CREATE_NAMESPACE}; namespaces are Pulumi's (gitops-platform:tenants), so use CreateNamespace=false`));
  const missing = APP_SYNC_OPTIONS.filter((option) => !syncOptions.includes(option) && !(creates >= 0 && option === "CreateNamespace=false"));
  if (missing.length > 0)
    findings.push(findingAt(RULE, locateNearest(app, ["spec", "syncPolicy", "syncOptions"]), `${label} needs syncOptions ${missing.join(", ")}`));
  return findings;
}

const CREATE_NAMESPACE = "CreateNamespace=true";

/** The object an Application record describes: the document, or an ApplicationSet's template. */
function objectOf(app: ApplicationRecord): Record<string, unknown> {
  return app.prefix.length === 0 ? (asRecord(app.document.value) ?? {}) : (asRecord(asRecord(asRecord(app.document.value)?.spec)?.template) ?? {});
}

/**
 * App-team Applications, declared or generated, carry the full sync policy;
 * platform Applications are checked by generated-files.
 */
export const syncPolicy: Rule = {
  id: RULE,
  description: "app Applications have automated prune and selfHeal, the resources finalizer, CreateNamespace=false and foreground pruning",
  check: (context) => {
    // A template is the same for every Application it generates: check it once per ApplicationSet.
    const templates = new Set<string>();
    const once = context.applications.filter((app) => {
      if (app.generatedBy === undefined) return true;
      const key = `${app.file.path} ${app.generatedBy}`;
      return templates.has(key) ? false : (templates.add(key), true);
    });
    return once.filter((app) => app.env !== undefined).flatMap(check);
  },
};
