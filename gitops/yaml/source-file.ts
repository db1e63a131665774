/**
 * A YAML file as the lint sees it: every document parsed with node ranges, so a
 * finding can name the line of the exact node it is about.
 */
import { Document, LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";

export interface SourceDocument {
  readonly doc: Document.Parsed;
  /** The document as plain data (null for an empty document). */
  readonly value: unknown;
}

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly text: string;
  readonly documents: readonly SourceDocument[];
  /** YAML syntax errors, each with its 1-based line. */
  readonly errors: readonly { line: number; message: string }[];
  /** 1-based line of a character offset. */
  lineAt(offset: number): number;
}

/** One step of a path into a document: a map key, a list index, or the list item whose `name` matches. */
export type PathSegment = string | number | { readonly name: string };

/** Aliases one document may expand; more is the "billion laughs" pattern, reported rather than expanded. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Parses YAML (and JSON, a subset of YAML) into documents with node ranges.
 * Never throws: syntax errors and alias bombs become errors with a line, so a
 * hostile or broken file is a finding naming that file, not a crash.
 */
export function parseSourceFile(path: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const parsed = Array.isArray(docs) ? docs : [];
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const errors = parsed.flatMap((d) => d.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split("\n")[0] ?? e.message })));
  const documents: SourceDocument[] = [];
  for (const doc of parsed.filter((d) => d.errors.length === 0)) {
    try {
      const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
      if (value !== null && value !== undefined) documents.push({ doc, value });
    } catch (error) {
      const line = lineAt(doc.contents?.range?.[0] ?? 0);
      errors.push({ line, message: `document expands more than ${MAX_ALIAS_COUNT} aliases (${(error as Error).message}); write the values out or split the file` });
    }
  }
  return { path, text, documents, errors, lineAt };
}

/** The node at `path` inside `root`, or undefined when any step is missing. */
export function nodeAt(root: unknown, path: readonly PathSegment[]): Node | undefined {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === "object") {
      if (!isSeq(current)) return undefined;
      current = current.items.find((item) => isMap(item) && item.get("name") === segment.name);
    } else if (typeof segment === "number") {
      if (!isSeq(current)) return undefined;
      current = current.items[segment];
    } else {
      if (!isMap(current)) return undefined;
      current = current.get(segment, true);
    }
    if (current === undefined || current === null) return undefined;
  }
  return current as Node;
}

/** The line of a map key (rather than its value, which may start a line later), where a reader looks. */
export function lineOfKey(file: SourceFile, doc: Document.Parsed, parent: readonly PathSegment[], key: string): number | undefined {
  const map = parent.length === 0 ? doc.contents : nodeAt(doc.contents, parent);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  const offset = (pair?.key as Node | undefined)?.range?.[0];
  return offset === undefined ? undefined : file.lineAt(offset);
}

/**
 * 1-based line of the field at `path` in a document, or undefined when the path
 * is absent: the key's line for a map field, the item's line for a list item.
 */
export function lineOfPath(file: SourceFile, doc: Document.Parsed, path: readonly PathSegment[]): number | undefined {
  const last = path[path.length - 1];
  if (typeof last === "string") return lineOfKey(file, doc, path.slice(0, -1), last);
  const node = path.length === 0 ? doc.contents : nodeAt(doc.contents, path);
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : file.lineAt(offset);
}

/** Plain-object view helpers for manifests read as `unknown`. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `kind` and `metadata.name` of a manifest, when it has them. */
export function identityOf(value: unknown): { kind: string; name: string; namespace?: string; apiVersion?: string } | undefined {
  const object = asRecord(value);
  const metadata = asRecord(object?.metadata);
  const kind = asString(object?.kind);
  const name = asString(metadata?.name);
  if (kind === undefined || name === undefined) return undefined;
  const namespace = asString(metadata?.namespace);
  const apiVersion = asString(object?.apiVersion);
  return { kind, name, ...(namespace ? { namespace } : {}), ...(apiVersion ? { apiVersion } : {}) };
}
