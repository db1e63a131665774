import { staleGeneratedFiles, type GeneratedFiles } from "../../generate";
import type { Repository } from "../../repo/repository";
import type { Finding } from "../finding";
import type { Rule } from "../rule";

const RULE = "generated-files";

/** 1-based number of the first line where two texts differ. */
export function firstDifferentLine(actual: string, expected: string): number {
  const a = actual.split("\n");
  const b = expected.split("\n");
  const index = a.findIndex((line, i) => line !== b[i]);
  return (index >= 0 ? index : Math.min(a.length, b.length)) + 1;
}

/**
 * How the repository's files differ from a generation plan: missing, changed
 * (at the first differing line) or stale. Shared by the lint and `gitops generate --check`.
 */
export function compareGenerated(repository: Repository, generated: GeneratedFiles): Finding[] {
  // Without valid stacks the expected files are unknown; stack-config already fails the lint.
  if (repository.stackProblems.length > 0) return [];
  const error = (file: string, line: number, message: string): Finding => ({ rule: RULE, severity: "error", file, line, message });
  const present = new Map([...repository.sources].map(([path, source]) => [path, source.text]));
  const fix = "run `gitops generate`";
  return [
    ...generated.problems.map((p) => error(p.file, p.line, p.message)),
    ...[...generated.files].flatMap(([path, expected]) => {
      const actual = present.get(path);
      if (actual === undefined) return [error(path, 1, `missing generated file; ${fix}`)];
      if (actual !== expected) return [error(path, firstDifferentLine(actual, expected), `differs from what platform/argocd-manifests.ts builds; ${fix}`)];
      return [];
    }),
    ...staleGeneratedFiles(present, generated.files).map((path) => error(path, 1, `generated file no longer backed by a stack or overlay; ${fix} to delete it`)),
  ];
}

/** The YAML under argocd/ equals what the shared builders produce, so Git and Pulumi hold one definition. */
export const generatedFiles: Rule = {
  id: RULE,
  description: "generated argocd/ files match the builders in platform/argocd-manifests.ts",
  check: (context) => compareGenerated(context.repository, context.generated),
};
