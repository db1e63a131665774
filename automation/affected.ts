/**
 * Which stacks a pull request affects, from the paths it changes. Rules are data,
 * first match wins, and an unknown path affects every stack: previewing too much
 * is cheap, missing a change is not.
 */

export type PathScope = "all" | "none" | { readonly stack: string };

export interface PathRule {
  readonly pattern: RegExp;
  /** What a matching path affects; a function receives the regex match (for `Pulumi.<stack>.yaml`). */
  readonly scope: PathScope | ((match: RegExpMatchArray) => PathScope);
  readonly why: string;
}

export const PATH_RULES: readonly PathRule[] = [
  { pattern: /^Pulumi\.([^/]+)\.ya?ml$/, scope: (m) => ({ stack: m[1]! }), why: "stack configuration" },
  { pattern: /^Pulumi\.ya?ml$/, scope: "all", why: "project file" },
  { pattern: /^index\.ts$/, scope: "all", why: "Pulumi program" },
  { pattern: /^(components|platform)\//, scope: "all", why: "Pulumi program" },
  { pattern: /^(package|package-lock)\.json$|^tsconfig\.json$/, scope: "all", why: "dependencies and compiler settings" },
  // Argo CD owns these: a change syncs through Git, not through Pulumi.
  { pattern: /^(apps|argocd)\//, scope: "none", why: "GitOps content owned by Argo CD" },
  { pattern: /^(docs|notes)\/|\.md$|^LICENSE/, scope: "none", why: "documentation" },
  { pattern: /^(test|bench|automation|cli|bin|\.github|\.ci)\//, scope: "none", why: "tooling, not infrastructure" },
];

export interface AffectedStacks {
  /** Affected stacks, in the order of the candidates. */
  readonly stacks: readonly string[];
  /** Candidates no changed path touches. */
  readonly notAffected: readonly string[];
  /** For each affected stack, the paths that affect it. */
  readonly reasons: Readonly<Record<string, readonly string[]>>;
}

/**
 * @param changedFiles repository-relative paths; undefined means "unknown", which affects every candidate.
 * @param candidates the stacks that exist, in the order results should follow.
 */
export function affectedStacks(
  changedFiles: readonly string[] | undefined,
  candidates: readonly string[],
  rules: readonly PathRule[] = PATH_RULES,
): AffectedStacks {
  const reasons: Record<string, string[]> = {};
  const touch = (stack: string, path: string): void => {
    (reasons[stack] ??= []).push(path);
  };
  if (changedFiles === undefined) {
    for (const stack of candidates) touch(stack, "(changed files unknown)");
  } else {
    for (const raw of changedFiles) {
      const path = normalisePath(raw);
      if (path === "") continue;
      const scope = scopeOf(path, rules);
      if (scope === "all") candidates.forEach((stack) => touch(stack, path));
      else if (scope !== "none" && candidates.includes(scope.stack)) touch(scope.stack, path);
    }
  }
  return {
    stacks: candidates.filter((stack) => reasons[stack]),
    notAffected: candidates.filter((stack) => !reasons[stack]),
    reasons,
  };
}

function scopeOf(path: string, rules: readonly PathRule[]): PathScope {
  for (const rule of rules) {
    const match = path.match(rule.pattern);
    if (match) return typeof rule.scope === "function" ? rule.scope(match) : rule.scope;
  }
  return "all";
}

function normalisePath(path: string): string {
  return path.trim().replace(/\\/g, "/").replace(/^\.\//, "");
}

/** Parses a changed-files list: one path per line (as `git diff --name-only` prints), or a JSON array. */
export function parseChangedFiles(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
      throw new Error("changed files JSON must be an array of strings");
    }
    return parsed;
  }
  return trimmed.split("\n").map((line) => line.trim()).filter((line) => line !== "");
}
