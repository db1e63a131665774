import type { Finding } from "../finding";
import { findingAt, locateNearest, type Rule } from "../rule";

const RULE = "application-set";

/**
 * ApplicationSets are expanded against the repository (list and git
 * generators); what cannot be expanded is reported as not checkable, with the
 * reason, and a template expression no parameter sets is an error.
 */
export const applicationSet: Rule = {
  id: RULE,
  description: "ApplicationSet generators expand against this repository; others are reported as not checkable",
  check: (context) =>
    context.plan.model.applicationSets.flatMap((set): Finding[] =>
      set.notes.map((note) => findingAt(RULE, locateNearest(set, note.at), `ApplicationSet ${set.name}: ${note.message}`, note.severity)),
    ),
};
