import { asRecord } from "../../yaml/source-file";
import { builtObjects, type LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, type Rule } from "../rule";
import { containersOf } from "../workloads";

const RULE = "container-resources";
const REQUIRED = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"] as const;

function check(context: LintContext): Finding[] {
  return builtObjects(context).flatMap(({ unit, object }) =>
    containersOf(object).flatMap((ref) => {
      const resources = asRecord(ref.container.resources);
      const missing = REQUIRED.filter((field) => {
        const [section = "", name = ""] = field.split(".");
        return asRecord(resources?.[section])?.[name] === undefined;
      });
      if (missing.length === 0) return [];
      const at = unit.locator.locate(ref.kind, ref.objectName, resources ? [...ref.path, "resources"] : ref.path);
      return [findingAt(RULE, at, `${ref.kind} ${ref.objectName} container ${ref.name} sets no ${missing.join(", ")}`)];
    }),
  );
}

/** Requests make scheduling honest and limits bound a runaway pod inside the tenant quota. */
export const containerResources: Rule = { id: RULE, description: "every container sets cpu and memory requests and limits", check };
