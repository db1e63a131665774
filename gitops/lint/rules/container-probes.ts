import { builtObjects, type LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, type Rule } from "../rule";
import { containersOf } from "../workloads";

const RULE = "container-probes";
const PROBES = ["livenessProbe", "readinessProbe"] as const;

function check(context: LintContext): Finding[] {
  return builtObjects(context).flatMap(({ unit, object }) =>
    containersOf(object)
      .filter((ref) => ref.longRunning && !ref.init)
      .flatMap((ref) => {
        const missing = PROBES.filter((probe) => ref.container[probe] === undefined);
        if (missing.length === 0) return [];
        return [findingAt(RULE, unit.locator.locate(ref.kind, ref.objectName, ref.path), `${ref.kind} ${ref.objectName} container ${ref.name} has no ${missing.join(" or ")}`)];
      }),
  );
}

/** Long-running containers need liveness and readiness probes, or rollouts and restarts are blind. */
export const containerProbes: Rule = { id: RULE, description: "long-running containers have liveness and readiness probes", check };
