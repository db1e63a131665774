import { names } from "../../../platform/layout";
import { asArray, asRecord, asString, type PathSegment } from "../../yaml/source-file";
import { builtObjects, type BuiltObject, type LintContext } from "../context";
import type { Finding } from "../finding";
import { findingAt, type Rule } from "../rule";

const RULE = "external-secret-key";

/** Every remote key an ExternalSecret reads, with the path to it; `find` is reported as a key of its own. */
function remoteKeys(spec: Record<string, unknown>): { key?: string; path: PathSegment[]; find?: true }[] {
  const data = asArray(spec.data).map((item, i) => {
    const key = asString(asRecord(asRecord(item)?.remoteRef)?.key);
    return { ...(key !== undefined ? { key } : {}), path: ["spec", "data", i, "remoteRef", "key"] as PathSegment[] };
  });
  const dataFrom = asArray(spec.dataFrom).map((item, i) => {
    const record = asRecord(item);
    if (record?.find !== undefined) return { path: ["spec", "dataFrom", i, "find"] as PathSegment[], find: true as const };
    const key = asString(asRecord(record?.extract)?.key);
    return { ...(key !== undefined ? { key } : {}), path: ["spec", "dataFrom", i, "extract", "key"] as PathSegment[] };
  });
  return [...data, ...dataFrom];
}

function check(context: LintContext, { unit, object, identity }: BuiltObject): Finding[] {
  const environment = context.repository.environments.get(unit.env);
  if (identity?.kind !== "ExternalSecret" || !environment) return [];
  const database = environment.stack.config.database?.name;
  const expectedKey = database === undefined ? undefined : names.databaseSecret(unit.env, database);
  const spec = asRecord(asRecord(object)?.spec) ?? {};
  const at = (path: PathSegment[]) => unit.locator.locate("ExternalSecret", identity.name, path);
  const findings: Finding[] = [];
  const store = asRecord(spec.secretStoreRef);
  if (store?.kind !== "ClusterSecretStore" || store?.name !== names.clusterSecretStore)
    findings.push(findingAt(RULE, at(["spec", "secretStoreRef"]), `ExternalSecret ${identity.name} must read from ClusterSecretStore ${names.clusterSecretStore}, which Pulumi provisions`));
  for (const ref of remoteKeys(spec)) {
    if (ref.find) findings.push(findingAt(RULE, at(ref.path), `ExternalSecret ${identity.name} uses dataFrom.find, which can read secrets of other environments; name the key`));
    else if (expectedKey === undefined)
      findings.push(findingAt(RULE, at(ref.path), `ExternalSecret ${identity.name} reads ${ref.key ?? "(no key)"}, but ${environment.stack.file} provisions no database secret`));
    else if (ref.key !== expectedKey)
      findings.push(findingAt(RULE, at(ref.path), `ExternalSecret ${identity.name} reads ${ref.key ?? "(no key)"}; the ${unit.env} database secret is ${expectedKey} (names.databaseSecret("${unit.env}", "${database}"))`));
  }
  const target = asString(asRecord(spec.target)?.name) ?? identity.name;
  if (database !== undefined && target !== names.databaseCredentials(database))
    findings.push(findingAt(RULE, at(["spec", "target", "name"]), `ExternalSecret ${identity.name} writes Secret ${target}; the database credentials Secret is ${names.databaseCredentials(database)}`));
  return findings;
}

/** ExternalSecrets read exactly the Secrets Manager entry the PostgresDatabase component writes for their environment. */
export const externalSecretKey: Rule = {
  id: RULE,
  description: "ExternalSecret remote keys equal names.databaseSecret(env, db) of the environment's database",
  check: (context) => builtObjects(context).flatMap((built) => check(context, built)),
};
