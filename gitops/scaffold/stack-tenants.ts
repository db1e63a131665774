/**
 * Adding a tenant namespace to a stack file without disturbing it: the YAML is
 * edited through the `yaml` Document API, so comments, key order and quoting
 * survive.
 */
import { isMap, isSeq, parseDocument } from "yaml";
import { PROJECT_NAME } from "../../platform/layout";

const TENANTS_KEY = `${PROJECT_NAME}:tenants`;

/** Options that reproduce the repository's hand-written style on output. */
const OUTPUT = { flowCollectionPadding: false, lineWidth: 0 } as const;

export interface TenantEdit {
  readonly text: string;
  /** False when the namespace was already a tenant (the text is then unchanged). */
  readonly added: boolean;
}

export function addTenant(stackFile: string, text: string, tenant: { namespace: string; team: string }): TenantEdit {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${stackFile}: cannot edit invalid YAML: ${doc.errors[0]?.message ?? ""}`);
  const tenants = doc.getIn(["config", TENANTS_KEY], true);
  if (!isSeq(tenants)) throw new Error(`${stackFile}: config.${TENANTS_KEY} is not a list`);
  if (tenants.items.some((item) => isMap(item) && item.get("namespace") === tenant.namespace)) return { text, added: false };
  tenants.add(doc.createNode({ namespace: tenant.namespace, team: tenant.team }));
  return { text: doc.toString(OUTPUT), added: true };
}
