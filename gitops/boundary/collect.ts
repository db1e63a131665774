/**
 * Lists every object in a cluster for the boundary check: API discovery for
 * every listable resource type, then paged, metadata-only lists (so Secret data
 * never leaves the API server), a bounded number at once.
 */
import { mapBounded } from "../../automation/concurrency";
import type { KubeClient } from "../../lab/kube-client";
import type { LiveObject } from "./analyze";

export interface ApiResource {
  readonly group: string;
  readonly version: string;
  /** The plural name in the URL, e.g. `deployments`. */
  readonly resource: string;
  readonly kind: string;
}

/**
 * Resource types left out: written only by controllers and the API server, never
 * applied by Pulumi or Argo CD, and churning fast enough to make a cluster-wide
 * list slow and noisy. A group listed without resources is left out whole.
 */
export const SKIPPED_RESOURCES: readonly { readonly group: string; readonly resources?: readonly string[]; readonly why: string }[] = [
  { group: "", resources: ["events"], why: "event records, written by every controller" },
  { group: "events.k8s.io", why: "the same events, another API" },
  { group: "coordination.k8s.io", why: "leases: leader election and node heartbeats" },
  { group: "", resources: ["endpoints"], why: "derived from Services by the endpoints controller" },
  { group: "discovery.k8s.io", why: "EndpointSlices, derived from Services" },
  { group: "", resources: ["componentstatuses"], why: "deprecated and computed on read; no managedFields" },
  { group: "metrics.k8s.io", why: "computed by metrics-server on read; no managedFields" },
];

export interface DiscoveredResource {
  readonly name: string;
  readonly kind: string;
  readonly verbs?: readonly string[];
}

const isSkipped = (group: string, resource: string): boolean =>
  SKIPPED_RESOURCES.some((s) => s.group === group && (!s.resources || s.resources.includes(resource)));

/** The resource types worth listing in one group version: listable, not subresources, not skipped. */
export function listableResources(groupVersion: string, resources: readonly DiscoveredResource[]): ApiResource[] {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/", 2) as [string, string] : ["", groupVersion];
  return resources
    .filter((r) => !r.name.includes("/") && (r.verbs ?? []).includes("list") && !isSkipped(group, r.name))
    .map((r) => ({ group, version, resource: r.name, kind: r.kind }));
}

export interface CollectOptions {
  /** Resource types listed at once; default 8. */
  readonly parallel?: number;
  /** Objects per page; default 500, as kubectl. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export interface CollectResult {
  readonly objects: readonly LiveObject[];
  /** Resource types listed. */
  readonly resources: number;
  /** Group versions or resource types that could not be read, with why: the check is incomplete. */
  readonly unreadable: readonly { readonly what: string; readonly reason: string }[];
  readonly durationMs: number;
}

/** Partial object metadata: the API server sends metadata (with managedFields) and nothing else. */
const METADATA_ONLY = { accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json" };

export async function collectLiveObjects(client: Pick<KubeClient, "request">, options: CollectOptions = {}): Promise<CollectResult> {
  const started = performance.now();
  const unreadable: { what: string; reason: string }[] = [];
  const getJson = async <T>(path: string, headers?: Record<string, string>): Promise<T> => {
    const response = await client.request("GET", path, undefined, { timeoutMs: 30_000, ...(headers ? { headers } : {}) });
    if (response.status < 200 || response.status >= 300) throw new Error(`GET ${path}: HTTP ${response.status}: ${statusMessage(response.body)}`);
    return JSON.parse(response.body) as T;
  };
  const parallel = options.parallel ?? 8;
  const groups = await getJson<{ groups: { preferredVersion: { groupVersion: string } }[] }>("/apis");
  const groupVersions = ["v1", ...groups.groups.map((g) => g.preferredVersion.groupVersion)];
  const discovered = await mapBounded(groupVersions, parallel, async (gv) => {
    if (SKIPPED_RESOURCES.some((s) => !s.resources && gv.startsWith(`${s.group}/`))) return [];
    try {
      return listableResources(gv, (await getJson<{ resources: DiscoveredResource[] }>(gv === "v1" ? "/api/v1" : `/apis/${gv}`)).resources);
    } catch (error) {
      unreadable.push({ what: gv, reason: (error as Error).message });
      return [];
    }
  }, options.signal);
  const resources = discovered.flat();
  const lists = await mapBounded(resources, parallel, async (resource) => {
    try {
      return await listAll(resource, options.pageSize ?? 500, getJson);
    } catch (error) {
      unreadable.push({ what: `${resource.resource}${resource.group ? `.${resource.group}` : ""}`, reason: (error as Error).message });
      return [];
    }
  }, options.signal);
  unreadable.sort((a, b) => a.what.localeCompare(b.what)); // they arrive in completion order
  return { objects: lists.flat(), resources: resources.length, unreadable, durationMs: Math.round(performance.now() - started) };
}

interface MetadataList {
  readonly metadata?: { readonly continue?: string };
  readonly items?: readonly { readonly metadata: LiveObject["metadata"] }[];
}

async function listAll(
  resource: ApiResource,
  pageSize: number,
  getJson: <T>(path: string, headers?: Record<string, string>) => Promise<T>,
): Promise<LiveObject[]> {
  const base = resource.group ? `/apis/${resource.group}/${resource.version}/${resource.resource}` : `/api/v1/${resource.resource}`;
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const objects: LiveObject[] = [];
  let token: string | undefined;
  do {
    const page = await getJson<MetadataList>(`${base}?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ""}`, METADATA_ONLY);
    for (const item of page.items ?? []) objects.push({ apiVersion, kind: resource.kind, metadata: item.metadata });
    token = page.metadata?.continue || undefined;
  } while (token);
  return objects;
}

/** The message of a Kubernetes Status body, else its start. */
function statusMessage(body: string): string {
  try {
    const status = JSON.parse(body) as { message?: string };
    if (status.message) return status.message;
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200);
}
