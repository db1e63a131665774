import { stackNameOf } from "../../repo/stacks";
import type { Rule } from "../rule";

/** A file that does not parse is invisible to every other rule, so it is an error of its own. */
export const yamlSyntax: Rule = {
  id: "yaml-syntax",
  description: "every YAML and JSON file in the repository parses (alias bombs included)",
  check: (context) =>
    [...context.repository.sources.values()]
      // Stack files are reported by stack-config, with the same line.
      .filter((file) => stackNameOf(file.path) === undefined)
      .flatMap((file) => file.errors.map((e) => ({ rule: "yaml-syntax", severity: "error" as const, file: file.path, line: e.line, message: e.message }))),
};
