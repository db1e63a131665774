/**
 * Argo CD's upstream install.yaml, made ready to apply without `kubectl -n`:
 * namespaced objects get the Argo CD namespace, cluster-scoped ones stay as they are.
 */
import { parseAllDocuments } from "yaml";

const CLUSTER_SCOPED_KINDS = new Set(["CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Namespace"]);

export type ManifestObject = { kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;

/** Parses a multi-document manifest and places namespaced objects into `namespace`. */
export function upstreamInstallObjects(text: string, namespace: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`Argo CD install manifest: ${doc.errors[0]!.message}`);
    const object = doc.toJS() as ManifestObject | null;
    if (!object) continue;
    if (!object.kind || !object.metadata?.name) throw new Error("Argo CD install manifest: every object needs kind and metadata.name");
    objects.push(CLUSTER_SCOPED_KINDS.has(object.kind) ? object : { ...object, metadata: { ...object.metadata, namespace } });
  }
  return objects;
}
