/**
 * Decodes the `fieldsV1` trie of a `metadata.managedFields` entry into the leaf
 * field paths a manager owns. The format (sigs.k8s.io/structured-merge-diff):
 * `f:<name>` a field, `k:<json>` a list item by its keys, `v:<json>` a set
 * member, `i:<n>` a list item by index, `.` the node itself.
 */

export type PathSegment =
  | { readonly field: string }
  | { readonly key: Readonly<Record<string, unknown>> }
  | { readonly value: unknown }
  | { readonly index: number };

export type FieldPath = readonly PathSegment[];

export class FieldsV1Error extends Error {
  constructor(readonly path: string, readonly entry: string, expected: string) {
    super(`managedFields fieldsV1 at "${path || "(root)"}": "${entry}" is not ${expected}`);
    this.name = "FieldsV1Error";
  }
}

/**
 * Every leaf path in the trie. A node whose only child is `.` (a list item or
 * map owned as a whole) is a leaf; `.` beside other children adds nothing,
 * since the children already name what is owned — two managers each setting
 * their own annotation share `metadata.annotations` `.` without sharing a field.
 */
export function leafPaths(fieldsV1: unknown): FieldPath[] {
  const leaves: FieldPath[] = [];
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) throw new FieldsV1Error(renderPath(path), JSON.stringify(node), "an object");
    const children = Object.keys(node).filter((entry) => entry !== ".");
    if (children.length === 0) {
      if (path.length > 0) leaves.push(path);
      return;
    }
    for (const entry of children) walk((node as Record<string, unknown>)[entry], [...path, decodeSegment(entry, path)]);
  };
  walk(fieldsV1, []);
  return leaves;
}

function decodeSegment(entry: string, path: readonly PathSegment[]): PathSegment {
  const body = entry.slice(2);
  switch (entry.slice(0, 2)) {
    case "f:":
      return { field: body };
    case "i:": {
      const index = Number(body);
      if (!Number.isInteger(index) || index < 0) throw new FieldsV1Error(renderPath(path), entry, "i:<non-negative integer>");
      return { index };
    }
    case "k:": {
      const key = parseJson(entry, body, path);
      if (key === null || typeof key !== "object" || Array.isArray(key)) throw new FieldsV1Error(renderPath(path), entry, 'k:<JSON object>, e.g. k:{"name":"app"}');
      return { key: key as Record<string, unknown> };
    }
    case "v:":
      return { value: parseJson(entry, body, path) };
    default:
      throw new FieldsV1Error(renderPath(path), entry, "one of f:, k:, v:, i: or .");
  }
}

function parseJson(entry: string, body: string, path: readonly PathSegment[]): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new FieldsV1Error(renderPath(path), entry, "followed by valid JSON");
  }
}

const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const scalar = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * One readable string per path: `spec.template.spec.containers[name=app].image`,
 * `status.conditions[type=Ready].status`, `metadata.finalizers[="x"]`,
 * `metadata.annotations["argocd.argoproj.io/tracking-id"]`, `spec.args[0]`.
 */
export function renderPath(path: FieldPath): string {
  let text = "";
  for (const segment of path) {
    if ("field" in segment) text += PLAIN_FIELD.test(segment.field) ? `${text ? "." : ""}${segment.field}` : `[${JSON.stringify(segment.field)}]`;
    else if ("index" in segment) text += `[${segment.index}]`;
    else if ("key" in segment) text += `[${Object.entries(segment.key).map(([k, v]) => `${k}=${scalar(v)}`).join(",")}]`;
    else text += `[=${JSON.stringify(segment.value)}]`;
  }
  return text;
}

/** The rendered path and the rendered paths of all its ancestors, shortest first. */
export function renderedPrefixes(path: FieldPath): string[] {
  return path.map((_, i) => renderPath(path.slice(0, i + 1)));
}
