/**
 * Decodes the `fieldsV1` trie of a `metadata.managedFields` entry into the leaf
 * field paths a manager owns. The format (sigs.k8s.io/structured-merge-diff):
 * `f:<name>` a field, `k:<json>` a list item by its keys, `v:<json>` a set
 * member, `i:<n>` a list item by index, `.` the node itself.
 */

/** One owned leaf, rendered: `spec.template.spec.containers[name=app].image`. */
export interface LeafPath {
  readonly text: string;
  /** Its parent node (`spec.template.spec.containers[name=app]`), up to the root's child; shared, not copied. */
  readonly parent?: LeafPath;
}

/** The rendered paths of a leaf's ancestors, nearest first. */
export function ancestorsOf(leaf: LeafPath): string[] {
  const found: string[] = [];
  for (let node = leaf.parent; node; node = node.parent) found.push(node.text);
  return found;
}

export class FieldsV1Error extends Error {
  constructor(readonly path: string, readonly entry: string, expected: string) {
    super(`managedFields fieldsV1 at "${path || "(root)"}": "${entry}" is not ${expected}`);
    this.name = "FieldsV1Error";
  }
}

/**
 * Every leaf path in the trie, rendered as it is walked (a cluster has a few
 * million of them). A node whose only child is `.` (a list item or map owned as
 * a whole) is a leaf; `.` beside other children adds nothing, since the children
 * already name what is owned: two managers each setting their own annotation
 * share `metadata.annotations` `.` without sharing a field.
 *
 * Rendering: `metadata.annotations["argocd.argoproj.io/tracking-id"]` (names that
 * are not identifiers are quoted), `status.conditions[type=Ready]` (k:),
 * `metadata.finalizers[="x"]` (v:), `spec.args[0]` (i:).
 */
export function leafPaths(fieldsV1: unknown): LeafPath[] {
  const leaves: LeafPath[] = [];
  const walk = (node: unknown, self: LeafPath | undefined): void => {
    const text = self?.text ?? "";
    if (node === null || typeof node !== "object" || Array.isArray(node)) throw new FieldsV1Error(text, JSON.stringify(node), "an object");
    const children = Object.keys(node).filter((entry) => entry !== ".");
    if (children.length === 0) {
      if (self) leaves.push(self);
      return;
    }
    for (const entry of children) {
      const child = { text: text + renderSegment(entry, text), ...(self ? { parent: self } : {}) };
      walk((node as Record<string, unknown>)[entry], child);
    }
  };
  walk(fieldsV1, undefined);
  return leaves;
}

const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const scalar = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

function renderSegment(entry: string, parent: string): string {
  const body = entry.slice(2);
  switch (entry.slice(0, 2)) {
    case "f:":
      return PLAIN_FIELD.test(body) ? `${parent ? "." : ""}${body}` : `[${JSON.stringify(body)}]`;
    case "i:":
      if (!/^(0|[1-9][0-9]*)$/.test(body)) throw new FieldsV1Error(parent, entry, "i:<non-negative integer>");
      return `[${body}]`;
    case "k:": {
      const key = parseJson(entry, body, parent);
      if (key === null || typeof key !== "object" || Array.isArray(key)) throw new FieldsV1Error(parent, entry, 'k:<JSON object>, e.g. k:{"name":"app"}');
      return `[${Object.entries(key).map(([k, v]) => `${k}=${scalar(v)}`).join(",")}]`;
    }
    case "v:":
      return `[=${JSON.stringify(parseJson(entry, body, parent))}]`;
    default:
      throw new FieldsV1Error(parent, entry, "one of f:, k:, v:, i: or .");
  }
}

function parseJson(entry: string, body: string, parent: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new FieldsV1Error(parent, entry, "followed by valid JSON");
  }
}
