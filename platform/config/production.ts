/**
 * The rules that make production safe, as data. Production refuses, rather than
 * warns about, a setting that could lose or expose data.
 *
 * Rules judge the raw values as written, so they are reported together with any
 * schema problem elsewhere in the same object. An absent value takes the
 * schema's default, and every default is the production-safe choice, so only a
 * value someone wrote can break a rule here.
 */
import { type ConfigProblem, problemAt, valueAt } from "./problems";

interface ProductionRule {
  /** Path of the key; `*` stands for every item of a list. */
  readonly path: readonly string[];
  readonly refuses: (value: unknown) => boolean;
  readonly expected: string;
}

const below = (minimum: number) => (v: unknown) => typeof v === "number" && v < minimum;

export const PRODUCTION_RULES: readonly ProductionRule[] = [
  { path: ["cluster", "mode"], refuses: (v) => v === "existing", expected: '"eks"' },
  { path: ["secrets", "delivery"], refuses: (v) => v === "none", expected: '"external-secrets" or "sealed-secrets"' },
  { path: ["network", "availabilityZones"], refuses: below(3), expected: "at least 3" },
  { path: ["network", "natGateways"], refuses: (v) => v === "single", expected: '"per-az"' },
  { path: ["database", "deletionProtection"], refuses: (v) => v === false, expected: "true" },
  { path: ["database", "skipFinalSnapshot"], refuses: (v) => v === true, expected: "false" },
  { path: ["database", "backupRetentionDays"], refuses: below(7), expected: "at least 7" },
  { path: ["database", "multiAz"], refuses: (v) => v === false, expected: "true" },
  { path: ["buckets", "*", "blockPublicAccess"], refuses: (v) => v === false, expected: "true" },
];

/** Every concrete path a rule's pattern names in `raw` (one per list item for `*`). */
function expand(raw: unknown, pattern: readonly string[], prefix: readonly PropertyKey[] = []): PropertyKey[][] {
  const star = pattern.indexOf("*");
  if (star < 0) return [[...prefix, ...pattern]];
  const list = valueAt(raw, [...prefix, ...pattern.slice(0, star)]);
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, i) => expand(raw, pattern.slice(star + 1), [...prefix, ...pattern.slice(0, star), i]));
}

/** What production refuses in `raw` (config keys without the project prefix). */
export function productionProblems(raw: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems = PRODUCTION_RULES.flatMap((rule) =>
    expand(raw, rule.path)
      .filter((path) => rule.refuses(valueAt(raw, path)))
      .map((path) => problemAt(raw, path, `${rule.expected} in production`)),
  );
  // Pulumi.yaml declares no default for `database`: production has to say whether it has one.
  if (raw.database === undefined)
    problems.push(problemAt(raw, ["database"], "a database object, or {enabled: false} to say production runs without one"));
  return problems;
}
