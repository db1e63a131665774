/**
 * Reads the JSON reports the jobs of a CI matrix upload (`--report-file`) back
 * into typed reports. A report is checked against the shape the renderers rely
 * on before anything is merged or posted; a problem names the file, the key,
 * the value found and what was expected.
 */
import { z } from "zod";
import type { OpType } from "./engine/events";
import type { FailureKind } from "./errors";
import type { DriftReport, PreviewReport } from "./types";

const OP_TYPES = [
  "same", "create", "update", "delete", "replace", "create-replacement", "delete-replaced", "read", "read-replacement",
  "refresh", "discard", "discard-replaced", "remove-pending-replace", "import", "import-replacement",
] as const satisfies readonly OpType[];
const FAILURE_KINDS = [
  "StackLockedError", "StackNotFoundError", "ProgramError", "ConfigurationError", "BranchMovedError", "AbortedError", "MissingReportError",
] as const satisfies readonly FailureKind[];

const opType = z.enum(OP_TYPES);
const failure = z.object({ kind: z.enum(FAILURE_KINDS), message: z.string() });
const diagnostic = z.object({ severity: z.enum(["error", "warning"]), message: z.string(), urn: z.string().optional() });

const resourceChange = z.object({
  urn: z.string(),
  type: z.string(),
  name: z.string(),
  op: opType,
  steps: z.array(opType),
  changedProperties: z.array(z.string()),
  replacementProperties: z.array(z.string()),
  failed: z.boolean(),
  // Reports written before these fields existed lack them (types.ts says how to read them).
  state: z.enum(["done", "failed", "interrupted"]).default("done"),
});

const stackPreview = z.object({
  stack: z.string().min(1),
  status: z.enum(["succeeded", "failed"]),
  counts: z.partialRecord(opType, z.number().int().nonnegative()),
  resources: z.array(resourceChange),
  diagnostics: z.array(diagnostic),
  policyViolations: z.array(
    z.object({ policyPack: z.string(), policyPackVersion: z.string(), policy: z.string(), enforcementLevel: z.string(), message: z.string(), urn: z.string().optional() }),
  ),
  outputChanges: z.array(z.object({ name: z.string(), kind: z.enum(["add", "delete", "update", "unknown"]) })).default([]),
  durationSeconds: z.number().optional(),
  result: z.string().optional(),
  maybeCorrupt: z.boolean().optional(),
  error: failure.optional(),
});

const stackDrift = z.object({
  stack: z.string().min(1),
  status: z.enum(["clean", "drifted", "failed"]),
  resources: z.array(
    z.object({
      urn: z.string(),
      type: z.string(),
      name: z.string(),
      kind: z.enum(["changed", "deleted"]),
      properties: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown() })),
    }),
  ),
  ignoredDifferences: z.number().int().nonnegative(),
  diagnostics: z.array(diagnostic),
  error: failure.optional(),
  remediation: z.object({ status: z.enum(["succeeded", "failed", "refused"]), reason: z.string().optional() }).optional(),
});

const previewReport = z.object({
  schemaVersion: z.literal(1),
  operation: z.literal("preview"),
  stacks: z.array(stackPreview),
  notAffected: z.array(z.string()),
  ok: z.boolean(),
  hasChanges: z.boolean(),
});

const driftReport = z.object({
  schemaVersion: z.literal(1),
  operation: z.literal("drift"),
  stacks: z.array(stackDrift),
  ok: z.boolean(),
  drifted: z.boolean(),
});

export type StackReport = PreviewReport | DriftReport;

/** Parses one uploaded report; `source` (its path) prefixes every problem. */
export function parseStackReport(text: string, source: string): StackReport {
  // The schema version is the artifact's, not the report's.
  const { schemaVersion: _version, ...report } = parseJsonDocument(text, z.discriminatedUnion("operation", [previewReport, driftReport]), source);
  return report;
}

/** Parses JSON against a schema; throws one error listing every problem as `<key> is <value>: <expectation>`. */
export function parseJsonDocument<T>(text: string, schema: z.ZodType<T>, source: string): T {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = schema.safeParse(document);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${keyOf(issue.path)} is ${shown(valueAt(document, issue.path))}: ${issue.message}`);
  const more = result.error.issues.length > problems.length ? `; and ${result.error.issues.length - problems.length} more` : "";
  throw new Error(`${source}: ${problems.join("; ")}${more}`);
}

function keyOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "the document";
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`)).join("");
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let value = document;
  for (const part of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

function shown(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
