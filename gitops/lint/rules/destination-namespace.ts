import { asRecord, asString } from "../../yaml/source-file";
import { findingAt, locateNearest, type Rule } from "../rule";

const RULE = "destination-namespace";

/** An app Application may only deploy into a namespace that the environment's Pulumi stack provisions (a tenant). */
export const destinationNamespace: Rule = {
  id: RULE,
  description: "every Application destination is a namespace the environment's Pulumi stack provisions",
  check: (context) =>
    context.applications.flatMap((app) => {
      const environment = app.env === undefined ? undefined : context.repository.environments.get(app.env);
      // Without a valid stack there is nothing to compare with; stack-config reports that.
      if (!environment) return [];
      const namespace = asString(asRecord(app.spec.destination)?.namespace);
      if (namespace !== undefined && environment.namespaces.includes(namespace)) return [];
      return [
        findingAt(
          RULE,
          locateNearest(app, ["spec", "destination", "namespace"]),
          `destination namespace ${namespace ?? "(none)"} of Application ${app.name} is not provisioned by ${environment.stack.file} ` +
            `(gitops-platform:tenants: ${environment.namespaces.join(", ")})`,
        ),
      ];
    }),
};
