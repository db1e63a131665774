import { isTemplated } from "../../argocd/applications";
import { resolveDestination } from "../../argocd/destination";
import { findingAt, locateNearest, type Rule } from "../rule";

const RULE = "destination-namespace";

/** An app Application may only deploy into a namespace that the environment's Pulumi stack provisions (a tenant). */
export const destinationNamespace: Rule = {
  id: RULE,
  description: "every app Application's destination is a namespace the environment's Pulumi stack provisions",
  check: (context) =>
    context.applications.flatMap((app) => {
      const environment = app.env === undefined ? undefined : context.repository.environments.get(app.env);
      // Without a valid stack there is nothing to compare with; stack-config reports that.
      if (!environment) return [];
      const namespace = resolveDestination(app.spec.destination).namespace;
      if (isTemplated(namespace) || (namespace !== undefined && environment.namespaces.includes(namespace))) return [];
      return [
        findingAt(
          RULE,
          locateNearest(app, ["spec", "destination", "namespace"]),
          `destination namespace ${namespace ?? "(none)"} of ${app.label} is not provisioned by ${environment.stack.file}; ` +
            `use one of its gitops-platform:tenants (${environment.namespaces.join(", ")}) or add a tenant there`,
        ),
      ];
    }),
};
