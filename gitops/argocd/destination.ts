/**
 * `spec.destination` resolved as Argo CD resolves it: a cluster `name` is looked
 * up among the registered clusters (here only `in-cluster`, the cluster Argo
 * CD runs in, which is the only one this platform registers); naming both
 * `name` and `server` is refused, as Argo CD refuses it.
 */
import { IN_CLUSTER_SERVER } from "../../platform/layout";
import { asRecord, asString } from "../yaml/source-file";

/** Clusters Argo CD knows without a cluster Secret. */
const REGISTERED_CLUSTERS: Readonly<Record<string, string>> = { "in-cluster": IN_CLUSTER_SERVER };

export type Destination =
  | { readonly ok: true; readonly server: string; readonly namespace?: string }
  | { readonly ok: false; readonly field: "name" | "server"; readonly reason: string; readonly namespace?: string };

export function resolveDestination(value: unknown): Destination {
  const destination = asRecord(value) ?? {};
  const name = asString(destination.name) || undefined;
  const server = asString(destination.server) || undefined;
  const namespace = asString(destination.namespace);
  const ns = namespace !== undefined ? { namespace } : {};
  if (name !== undefined && server !== undefined)
    return { ok: false, field: "name", reason: `sets both name (${name}) and server (${server}); Argo CD refuses that, keep one`, ...ns };
  if (name !== undefined) {
    const resolved = REGISTERED_CLUSTERS[name];
    if (resolved === undefined)
      return { ok: false, field: "name", reason: `names cluster ${name}, which is not registered (registered: ${Object.keys(REGISTERED_CLUSTERS).join(", ")})`, ...ns };
    return { ok: true, server: resolved, ...ns };
  }
  if (server === undefined) return { ok: false, field: "server", reason: "sets neither server nor name", ...ns };
  return { ok: true, server: server.replace(/\/+$/, ""), ...ns };
}
