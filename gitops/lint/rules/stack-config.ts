import type { Rule } from "../rule";

/** Stack files must parse with platform/config/, and every environment with content needs exactly one stack. */
export const stackConfig: Rule = {
  id: "stack-config",
  description: "Pulumi stack files parse, and each GitOps environment is declared by exactly one stack",
  check: (context) =>
    context.repository.stackProblems.map((p) => ({ rule: "stack-config", severity: "error", file: p.file, line: p.line, message: p.message })),
};
