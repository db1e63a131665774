/**
 * Pulumi stack files as the GitOps side reads them: which environments exist,
 * which namespaces Pulumi provisions in each, and where Argo CD syncs from.
 * Parsing goes through platform/config/, so both halves apply the same schema.
 */
import { ConfigError, parsePlatformConfig, type PlatformConfig } from "../../platform/config";
import { PROJECT_NAME } from "../../platform/layout";
import { asRecord, lineOfKey, lineOfPath, type PathSegment, type SourceFile } from "../yaml/source-file";

export interface StackFile {
  readonly stack: string;
  /** `Pulumi.<stack>.yaml`. */
  readonly file: string;
  readonly config: PlatformConfig;
}

export interface StackProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ParsedStacks {
  readonly stacks: StackFile[];
  readonly problems: StackProblem[];
  /** Environments named by any stack file, valid or not (so an invalid file is reported once, not twice). */
  readonly declaredEnvironments: ReadonlySet<string>;
}

const STACK_FILE = /^Pulumi\.([^./]+)\.ya?ml$/;

/** The stack name of a root-level `Pulumi.<stack>.yaml`, or undefined for any other path. */
export function stackNameOf(path: string): string | undefined {
  return STACK_FILE.exec(path)?.[1];
}

/** `gitops-platform:*` keys of a stack file without the prefix, as parsePlatformConfig expects them. */
export function rawPlatformConfig(documentValue: unknown): Record<string, unknown> {
  const config = asRecord(asRecord(documentValue)?.config) ?? {};
  const prefix = `${PROJECT_NAME}:`;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

/** `gitops-platform:tenants[0].namespace` → ["gitops-platform:tenants", 0, "namespace"]. */
function segmentsOfKey(key: string): PathSegment[] {
  const [head, ...rest] = key.split(/(?=[.[])/);
  return [
    head ?? key,
    ...rest.map((part) => (part.startsWith("[") ? Number(part.slice(1, -1)) : part.slice(1))),
  ];
}

function lineOfConfigKey(file: SourceFile, key: string): number {
  const doc = file.documents[0]?.doc;
  if (!doc) return 1;
  const segments = segmentsOfKey(key);
  return (
    lineOfPath(file, doc, ["config", ...segments]) ??
    lineOfKey(file, doc, ["config"], String(segments[0])) ??
    lineOfKey(file, doc, [], "config") ??
    1
  );
}

/** Parses every root-level stack file; invalid ones become problems with the line of the offending key. */
export function parseStackFiles(sources: Iterable<SourceFile>): ParsedStacks {
  const stacks: StackFile[] = [];
  const problems: StackProblem[] = [];
  const declaredEnvironments = new Set<string>();
  for (const file of sources) {
    const stack = stackNameOf(file.path);
    if (stack === undefined) continue;
    const declared = rawPlatformConfig(file.documents[0]?.value).environment;
    if (typeof declared === "string") declaredEnvironments.add(declared);
    if (file.errors.length > 0) {
      problems.push(...file.errors.map((e) => ({ file: file.path, line: e.line, message: `invalid YAML: ${e.message}` })));
      continue;
    }
    try {
      stacks.push({ stack, file: file.path, config: parsePlatformConfig(stack, rawPlatformConfig(file.documents[0]?.value)) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const p of error.problems)
        problems.push({ file: file.path, line: lineOfConfigKey(file, p.key), message: `${p.key}: expected ${p.expected}` });
    }
  }
  return { stacks, problems, declaredEnvironments };
}
