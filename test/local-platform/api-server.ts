/**
 * Talking to the lab API server the way kubectl would: discovery, then a
 * server-side dry run of any object, so schema validation (CRDs included) is the
 * API server's, not ours.
 */
import type { KubeClient } from "../../lab";

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export type ManifestObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;

export class ApiServer {
  private readonly discovered = new Map<string, ApiResource[]>();

  constructor(readonly client: KubeClient) {}

  private async resources(apiVersion: string): Promise<ApiResource[]> {
    const cached = this.discovered.get(apiVersion);
    if (cached) return cached;
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.client.get<{ resources: ApiResource[] }>(base);
    if (!list) throw new Error(`the API server does not serve ${apiVersion} (is its CRD installed?)`);
    this.discovered.set(apiVersion, list.resources);
    return list.resources;
  }

  /** The collection URL of an object's kind, e.g. /apis/apps/v1/namespaces/x/deployments. */
  async collectionPath(object: ManifestObject, namespace: string): Promise<string> {
    const resource = (await this.resources(object.apiVersion)).find((r) => r.kind === object.kind && !r.name.includes("/"));
    if (!resource) throw new Error(`the API server has no kind ${object.kind} in ${object.apiVersion}`);
    const base = object.apiVersion.includes("/") ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    return resource.namespaced ? `${base}/namespaces/${object.metadata.namespace ?? namespace}/${resource.name}` : `${base}/${resource.name}`;
  }

  /**
   * Server-side dry run: the API server validates and admits the object and stores
   * nothing. An object that already exists (the lab runs the platform's own) is
   * dry-run as an update instead.
   */
  async dryRunApply(object: ManifestObject, namespace: string): Promise<{ ok: boolean; status: number; message: string }> {
    const collection = await this.collectionPath(object, namespace);
    const query = "?dryRun=All&fieldValidation=Strict";
    let response = await this.client.request("POST", `${collection}${query}`, object);
    if (response.status === 409) {
      const path = `${collection}/${object.metadata.name}`;
      const live = await this.client.get<{ metadata: { resourceVersion: string } }>(path);
      const update = { ...object, metadata: { ...object.metadata, resourceVersion: live?.metadata.resourceVersion } };
      response = await this.client.request("PUT", `${path}${query}`, update);
    }
    const ok = response.status === 201 || response.status === 200;
    return { ok, status: response.status, message: ok ? "" : response.body.slice(0, 500) };
  }

  async get<T = any>(path: string): Promise<T | undefined> {
    return this.client.get<T>(path);
  }

  /** Replaces an object out of band, as someone with kubectl edit would. */
  async replace(path: string, mutate: (object: any) => void): Promise<void> {
    const object = await this.client.get<any>(path);
    if (!object) throw new Error(`${path} not found`);
    mutate(object);
    const response = await this.client.request("PUT", path, object);
    if (response.status !== 200) throw new Error(`PUT ${path}: HTTP ${response.status}: ${response.body.slice(0, 300)}`);
  }
}
