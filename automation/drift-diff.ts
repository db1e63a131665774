/**
 * Property-level drift from a refresh: the state Pulumi recorded (`old.outputs`)
 * against what the cloud returned (`new.outputs`), minus known provider noise.
 */
import type { EngineEvent, StepEventMetadata } from "./engine/events";
import { resourceNameOf } from "./engine/events";
import { MASK, type Redactor, isSecretValue } from "./redact";
import type { DriftedResource, PropertyDrift } from "./types";

/** Resource type (exact token, or a glob with `*`) → property paths to ignore, with everything beneath them. */
export type DriftIgnoreRules = Readonly<Record<string, readonly string[]>>;

/**
 * Noise every refresh reports although nobody changed anything. Values the
 * provider or the API server computes: AWS's merged `tagsAll`, Kubernetes'
 * bookkeeping fields, observed `status` and the revision the Deployment
 * controller stamps. The Kubernetes provider also keeps a copy of the inputs
 * under `__inputs`, so every real change would be reported twice.
 */
export const DEFAULT_DRIFT_IGNORE: DriftIgnoreRules = {
  "aws:*": ["tagsAll"],
  "kubernetes:*": ["__inputs", "metadata.managedFields", "metadata.resourceVersion", "metadata.generation", "status"],
  "kubernetes:apps/v1:Deployment": ['metadata.annotations["deployment.kubernetes.io/revision"]'],
};

/** The ignored paths that apply to a resource type. */
export function ignoredPathsFor(type: string, rules: DriftIgnoreRules): string[] {
  const paths: string[] = [];
  for (const [pattern, list] of Object.entries(rules)) {
    if (pattern === type || (pattern.includes("*") && globToRegExp(pattern).test(type))) paths.push(...list);
  }
  return paths;
}

/** True when `path` is an ignored path or lies beneath one (`tagsAll.owner`, `status.conditions[0]`). */
export function isIgnoredPath(path: string, ignored: readonly string[]): boolean {
  return ignored.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
}

/**
 * Leaf differences between two property values, depth-first with sorted keys.
 * A secret on either side masks both sides: a cloud value that differs from a
 * secret in state may itself be the secret.
 */
export function diffProperties(expected: unknown, actual: unknown, path = ""): PropertyDrift[] {
  if (isSecretValue(expected) || isSecretValue(actual)) {
    return isSecretValue(expected) && isSecretValue(actual) ? [] : [{ path, expected: MASK, actual: MASK }];
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((key) => diffProperties(expected[key], actual[key], childPath(path, key)));
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    return Array.from({ length }, (_, i) => diffProperties(expected[i], actual[i], `${path}[${i}]`)).flat();
  }
  return deepEqual(expected, actual) ? [] : [{ path, expected, actual }];
}

function childPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

export interface DriftCollector {
  add(event: EngineEvent): void;
  finish(): { resources: DriftedResource[]; ignoredDifferences: number };
}

/**
 * Watches a refresh's events. The engine reports each refreshed resource in a
 * resOutputsEvent whose `op` is the refresh's result: `same`, `update` (the
 * cloud differs) or `delete` (the resource is gone).
 */
export function collectDrift(rules: DriftIgnoreRules, redactor: Redactor): DriftCollector {
  const resources = new Map<string, DriftedResource>();
  let ignoredDifferences = 0;

  const record = (metadata: StepEventMetadata): void => {
    const base = { urn: metadata.urn, type: metadata.type, name: resourceNameOf(metadata.urn) };
    if (metadata.op === "delete") {
      resources.set(metadata.urn, { ...base, kind: "deleted", properties: [] });
      return;
    }
    if (metadata.op !== "update") return;
    const ignored = ignoredPathsFor(metadata.type, rules);
    const all = metadata.old && metadata.new ? diffProperties(metadata.old.outputs, metadata.new.outputs) : pathsOnly(metadata);
    const kept = all.filter((diff) => !isIgnoredPath(diff.path, ignored));
    ignoredDifferences += all.length - kept.length;
    if (kept.length === 0) {
      resources.delete(metadata.urn);
      return;
    }
    const properties = kept.map((diff) => ({
      path: diff.path,
      expected: redactor.maskValue(diff.expected),
      actual: redactor.maskValue(diff.actual),
    }));
    resources.set(metadata.urn, { ...base, kind: "changed", properties });
  };

  return {
    add(event) {
      if (event.resOutputsEvent) record(event.resOutputsEvent.metadata);
    },
    finish: () => ({ resources: [...resources.values()], ignoredDifferences }),
  };
}

/** Without both states the engine still names the changed paths; values are unknown. */
function pathsOnly(metadata: StepEventMetadata): PropertyDrift[] {
  const paths = metadata.detailedDiff ? Object.keys(metadata.detailedDiff) : (metadata.diffs ?? []);
  return paths.map((path) => ({ path, expected: undefined, actual: undefined }));
}
