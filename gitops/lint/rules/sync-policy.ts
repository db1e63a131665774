import { APP_SYNC_OPTIONS } from "../../../platform/argocd-manifests";
import { RESOURCES_FINALIZER } from "../../../platform/layout";
import { asArray, asRecord } from "../../yaml/source-file";
import type { ApplicationRecord } from "../context";
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
  const automated = asRecord(asRecord(app.spec.syncPolicy)?.automated);
  for (const flag of ["prune", "selfHeal"] as const)
    if (automated?.[flag] !== true)
      findings.push(findingAt(RULE, locateNearest(app, ["spec", "syncPolicy", "automated", flag]), `Application ${app.name} needs syncPolicy.automated.${flag}: true`));
  const finalizers = asArray(asRecord(asRecord(app.document.value)?.metadata)?.finalizers);
  if (!finalizers.includes(RESOURCES_FINALIZER))
    findings.push(findingAt(RULE, locateNearest(app, ["metadata", "finalizers"]), `Application ${app.name} needs the ${RESOURCES_FINALIZER} finalizer`));
  const syncOptions = asArray(asRecord(app.spec.syncPolicy)?.syncOptions);
  const missing = APP_SYNC_OPTIONS.filter((option) => !syncOptions.includes(option));
  if (missing.length > 0)
    findings.push(findingAt(RULE, locateNearest(app, ["spec", "syncPolicy", "syncOptions"]), `Application ${app.name} needs syncOptions ${missing.join(", ")}`));
  return findings;
}

/** App-team Applications carry the full sync policy; platform Applications are checked by generated-files. */
export const syncPolicy: Rule = {
  id: RULE,
  description: "app Applications have automated prune and selfHeal, the resources finalizer, CreateNamespace=false and foreground pruning",
  check: (context) => context.applications.filter((app) => app.env !== undefined).flatMap(check),
};
