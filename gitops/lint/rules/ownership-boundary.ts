import { builtObjects, type LintContext } from "../context";
import type { Finding } from "../finding";
import { CLUSTER_SCOPED_KINDS, PULUMI_OWNED_KINDS } from "../kinds";
import { findingAt, type Rule } from "../rule";

const RULE = "ownership-boundary";

function check(context: LintContext): Finding[] {
  return builtObjects(context).flatMap(({ unit, identity }): Finding[] => {
    if (!identity) return [];
    if (PULUMI_OWNED_KINDS.has(identity.kind))
      return [findingAt(RULE, unit.locator.locate(identity.kind, identity.name), `${unit.dir} produces ${identity.kind} ${identity.name}; Pulumi owns ${identity.kind} objects, not Argo CD`)];
    const environment = context.repository.environments.get(unit.env);
    const namespace = identity.namespace;
    if (!environment || namespace === undefined || CLUSTER_SCOPED_KINDS.has(identity.kind) || environment.namespaces.includes(namespace)) return [];
    return [
      findingAt(
        RULE,
        unit.locator.locate(identity.kind, identity.name, ["metadata", "namespace"]),
        `${unit.dir} puts ${identity.kind} ${identity.name} in namespace ${namespace}, which ${environment.stack.file} does not provision`,
      ),
    ];
  });
}

/** App overlays produce only application state, in namespaces Pulumi provisions. */
export const ownershipBoundary: Rule = {
  id: RULE,
  description: "app overlays produce no Pulumi-owned kind and nothing outside the environment's tenant namespaces",
  check,
};
