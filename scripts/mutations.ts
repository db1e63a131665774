/**
 * Mutations of the safety properties the README promises. Each one breaks a
 * property the way a careless edit would; the tests named beside it must then
 * fail. A mutation whose `find` text no longer occurs exactly once is an error,
 * so this list cannot silently fall out of step with the code; so is one that
 * does not parse, which any test run would "catch" without guarding anything.
 */
import ts from "typescript";

export interface Mutation {
  /** The safety property the mutation breaks. */
  readonly property: string;
  readonly file: string;
  /** Text that occurs exactly once in `file`. */
  readonly find: string;
  readonly replace: string;
  /** The test files that guard the property. */
  readonly tests: readonly string[];
}

const CONFIG_TESTS = ["test/platform/config.test.ts"];
const RULE_TESTS = ["test/platform/config-rules.test.ts"];
const NAME_TESTS = ["test/program/resource-names.test.ts"];
const REFUSAL_PROGRAM_TESTS = ["test/program/config-errors.test.ts"];
const REDACT_TESTS = ["test/automation/redact.test.ts"];
const CLI_TESTS = ["test/automation/cli.test.ts"];
const LOCK_TESTS = ["test/automation/preview.test.ts", "test/automation/deploy.test.ts"];
const COMMENT_TESTS = ["test/automation/render-preview.test.ts", "test/automation/split.test.ts"];

const PRODUCTION = "platform/config/production.ts";

export const MUTATIONS: readonly Mutation[] = [
  // Production refusals.
  { property: "production refuses deletion protection off", file: PRODUCTION, find: `["database", "deletionProtection"], refuses: (v) => v === false`, replace: `["database", "deletionProtection"], refuses: () => false`, tests: CONFIG_TESTS },
  { property: "production refuses short backups", file: PRODUCTION, find: "refuses: below(7)", replace: "refuses: below(3)", tests: CONFIG_TESTS },
  { property: "production refuses a public bucket", file: PRODUCTION, find: `["buckets", "*", "blockPublicAccess"], refuses: (v) => v === false`, replace: `["buckets", "*", "blockPublicAccess"], refuses: () => false`, tests: CONFIG_TESTS },
  { property: "production refuses a single NAT gateway", file: PRODUCTION, find: `refuses: (v) => v === "single"`, replace: "refuses: () => false", tests: CONFIG_TESTS },
  { property: "production says whether it has a database", file: PRODUCTION, find: "if (raw.database === undefined)", replace: "if (raw.database === null)", tests: CONFIG_TESTS },
  { property: "a stack named production gets production's rules", file: "platform/config/index.ts", find: "environmentOfStackName(stack) ?? config.environment", replace: "config.environment", tests: CONFIG_TESTS },
  { property: "refusals come before any registration", file: "index.ts", find: "const config = loadPlatformConfig();", replace: `new aws.s3.Bucket("early", {});\nconst config = loadPlatformConfig();`, tests: REFUSAL_PROGRAM_TESTS },
  { property: "unknown keys are refused", file: "platform/config/index.ts", find: "Object.keys(raw).filter((k) => !known.includes(k))", replace: "[]", tests: CONFIG_TESTS },
  { property: "tenants stay out of reserved namespaces", file: "platform/config/reserved-namespaces.ts", find: "namespace.startsWith(RESERVED_NAMESPACE_PREFIX) || ", replace: "", tests: RULE_TESTS },
  { property: "bucket names leave room for the auto-name suffix", file: "platform/config/aws-limits.ts", find: "AUTO_NAME_SUFFIX_LENGTH = 8", replace: "AUTO_NAME_SUFFIX_LENGTH = 0", tests: RULE_TESTS },
  { property: "a public production bucket registers nothing", file: "components/bucket/bucket.ts", find: "if (production && !args.config.blockPublicAccess)", replace: "if (false)", tests: ["test/components/bucket.test.ts"] },
  // Names stable under tag edits.
  { property: "the EKS cluster's name ignores tags", file: "index.ts", find: "const clusterName = `gitops-${pulumi.getStack()}`;", replace: "const clusterName = `gitops-${pulumi.getStack()}-${config.tags.owner ?? \"\"}`;", tests: NAME_TESTS },
  { property: "the database secret's name ignores tags", file: "components/postgres/postgres-database.ts", find: "this.secretName = names.databaseSecret(args.environment, config.name);", replace: "this.secretName = names.databaseSecret(args.environment, config.name) + (args.tags?.owner ?? \"\");", tests: NAME_TESTS },
  // Secrets masked.
  { property: "engine-marked secrets are masked", file: "automation/redact.ts", find: "if (isSecretValue(value)) return MASK;", replace: "", tests: REDACT_TESTS },
  { property: "registered secrets are masked in free text", file: "automation/redact.ts", find: "if (result.includes(secret)) result = result.split(secret).join(MASK);", replace: "", tests: REDACT_TESTS },
  { property: "each line of a multi-line secret is masked", file: "automation/redact.ts", find: "if (line.trim().length >= this.minSubstringLength) this.addSensitive(line.trim());", replace: "continue;", tests: REDACT_TESTS },
  // Drift exit codes.
  { property: "drift exits 2", file: "cli/commands/drift.ts", find: "return report.drifted ? EXIT.drift : EXIT.ok;", replace: "return EXIT.ok;", tests: CLI_TESTS },
  { property: "a failed drift check exits 1, not 2", file: "cli/commands/drift.ts", find: "if (!report.ok || problems.length > 0) return EXIT.error;", replace: "if (problems.length > 0) return EXIT.error;", tests: CLI_TESTS },
  // Lock-retry bounds.
  { property: "a locked stack is retried at most `attempts` times", file: "automation/lock-retry.ts", find: "if (attempt >= attempts) {", replace: "if (attempt > attempts) {", tests: LOCK_TESTS },
  { property: "lock-retry delays back off exponentially", file: "automation/lock-retry.ts", find: "base * 2 ** (attempt - 1)", replace: "base * attempt", tests: LOCK_TESTS },
  { property: "a lock-retry delay never exceeds maxDelayMs", file: "automation/lock-retry.ts", find: "Math.min(max, base", replace: "Math.max(max, base", tests: LOCK_TESTS },
  // Comment size.
  { property: "comments are split at GitHub's 65,536 characters", file: "automation/render/split.ts", find: "GITHUB_BODY_LIMIT = 65_536", replace: "GITHUB_BODY_LIMIT = 70_000", tests: COMMENT_TESTS },
  { property: "a part never exceeds the limit", file: "automation/render/split.ts", find: "const budget = limit - NOTE_RESERVE;", replace: "const budget = limit + NOTE_RESERVE;", tests: COMMENT_TESTS },
];

/**
 * `source` with the mutation applied; throws when its text does not occur
 * exactly once or the mutated source no longer parses.
 */
export function applyMutation(source: string, mutation: Mutation): string {
  const first = source.indexOf(mutation.find);
  if (first < 0 || source.indexOf(mutation.find, first + 1) >= 0)
    throw new Error(`${mutation.file}: the text to mutate for "${mutation.property}" must occur exactly once (found ${first < 0 ? "none" : "several"}); update scripts/mutations.ts`);
  const mutated = source.slice(0, first) + mutation.replace + source.slice(first + mutation.find.length);
  const { diagnostics = [] } = ts.transpileModule(mutated, { fileName: mutation.file, reportDiagnostics: true });
  if (diagnostics.length > 0)
    throw new Error(`${mutation.file}: the mutation for "${mutation.property}" does not parse (${ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, " ")}); update scripts/mutations.ts`);
  return mutated;
}
