/**
 * How a refused configuration is reported: one problem per key, each naming
 * the full Pulumi key, the value as written and what is expected instead.
 */
import { PROJECT_NAME } from "../layout";

/** One reason a configuration was refused. */
export interface ConfigProblem {
  /** Full Pulumi config key path, e.g. `gitops-platform:database.backupRetentionDays`. */
  readonly key: string;
  /** The offending value as written (secret values are never echoed; config here holds none). */
  readonly value: unknown;
  /** What is expected instead. */
  readonly expected: string;
}

/** Thrown when stack configuration is invalid; `problems` lists every reason at once. */
export class ConfigError extends Error {
  constructor(readonly stack: string, readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration for stack "${stack}":\n` +
        problems.map((p) => `  - ${p.key} = ${formatValue(p.value)}: expected ${p.expected}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `["buckets", 0, "name"]` → `gitops-platform:buckets[0].name`. */
export function keyOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === undefined) return `${PROJECT_NAME}:(root)`;
  return `${PROJECT_NAME}:${head}` + rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("");
}

/** The raw value at `path`, or undefined where the path leaves the object. */
export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** A problem at `path` of the raw config. */
export function problemAt(raw: unknown, path: readonly PropertyKey[], expected: string): ConfigProblem {
  return { key: keyOf(path), value: valueAt(raw, path), expected };
}
