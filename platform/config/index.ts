/**
 * The stack configuration: every `gitops-platform:*` key, validated in one pass
 * into one typed object before any resource is registered.
 *
 * One pass means every problem at once: schema problems of each key, unknown
 * keys, rules between keys and production's refusals, each naming the key, the
 * value and what is expected.
 */
import type { z } from "zod";
import type { NeighbourNetwork } from "./neighbours";
import { ConfigError, type ConfigProblem, problemAt } from "./problems";
import { productionProblems } from "./production";
import { environmentOfStackName, relationProblems } from "./relations";
import { CONFIG_KEYS, type PlatformConfig, platformConfigSchema } from "./schema";
import { knownKeysAt, unknownKeyProblems } from "./unknown-keys";

export * from "./schema";
export { ConfigError, type ConfigProblem } from "./problems";
export { neighbourNetworks, type NeighbourNetwork, type StackFileConfig } from "./neighbours";

export interface ParseOptions {
  /** VPC blocks of the stacks sharing this stack's network (see neighbours.ts). Default none. */
  readonly neighbours?: readonly NeighbourNetwork[];
}

/** What a schema issue expects, in the words of the problem list (custom messages already say it). */
function expectationOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type": return `a value of type ${issue.expected}`;
    case "invalid_value": return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small": return `at least ${issue.minimum}${issue.origin === "array" ? " item(s)" : ""}`;
    case "too_big": return `at most ${issue.maximum}`;
    case "invalid_key": return issue.issues.map((inner) => inner.message).join("; ");
    default: return issue.message ?? issue.code;
  }
}

function sectionProblems(raw: Readonly<Record<string, unknown>>, key: keyof PlatformConfig, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue) => {
    const path = [key, ...issue.path];
    return issue.code === "unrecognized_keys"
      ? unknownKeyProblems(raw, path, issue.keys, knownKeysAt(platformConfigSchema, path))
      : [problemAt(raw, path, issue.message)];
  });
}

/**
 * Parses raw stack configuration (key without the project prefix → value, as
 * `pulumi config --json` or `pulumi.Config` gives it). Throws ConfigError
 * listing every problem; returns a fully defaulted, typed config otherwise.
 */
export function parsePlatformConfig(stack: string, raw: Readonly<Record<string, unknown>>, options: ParseOptions = {}): PlatformConfig {
  const known: readonly string[] = CONFIG_KEYS;
  const problems = unknownKeyProblems(raw, [], Object.keys(raw).filter((k) => !known.includes(k)), known);
  const sections: Partial<Record<keyof PlatformConfig, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    const result = platformConfigSchema.shape[key].safeParse(raw[key], { error: expectationOf });
    if (result.success) sections[key] = result.data;
    else problems.push(...sectionProblems(raw, key, result.error.issues));
  }
  const config = sections as Partial<PlatformConfig>;
  problems.push(...relationProblems(stack, config, options.neighbours ?? []));
  // A stack named for production gets production's rules whatever its `environment` says.
  if ((environmentOfStackName(stack) ?? config.environment) === "production") {
    const reported = new Set(problems.map((p) => p.key));
    problems.push(...productionProblems(raw).filter((p) => !reported.has(p.key)));
  }
  if (problems.length > 0) throw new ConfigError(stack, problems);
  return config as PlatformConfig;
}

/** Whether Argo CD should run highly available: explicit config wins, production defaults to yes. */
export function argocdHighAvailability(config: PlatformConfig): boolean {
  return config.argocd.ha ?? config.environment === "production";
}
