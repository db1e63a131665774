/**
 * A deliberately tiny Kubernetes API client for the lab: enough to wait for the
 * `default` ServiceAccount and for tests to create and delete a namespace. It reads the
 * lab's kubeconfig, so it exercises exactly the credentials a user gets.
 */
import * as fs from "node:fs";
import { parse } from "yaml";
import { httpsRequest, type HttpsResponse, type TlsIdentity } from "./https-request";

interface KubeconfigFile {
  "current-context"?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server: string; "certificate-authority-data"?: string } }[];
  users?: { name: string; user: { "client-certificate-data"?: string; "client-key-data"?: string } }[];
}

export class KubeApiError extends Error {
  constructor(readonly method: string, readonly path: string, readonly response: HttpsResponse) {
    super(`${method} ${path}: HTTP ${response.status}: ${response.body.slice(0, 300)}`);
    this.name = "KubeApiError";
  }
}

export class KubeClient {
  constructor(readonly server: string, private readonly tls: TlsIdentity) {}

  /** From a kubeconfig with embedded credentials (as the lab writes them), using its current context. */
  static fromKubeconfig(file: string): KubeClient {
    const config = parse(fs.readFileSync(file, "utf8")) as KubeconfigFile;
    const context = config.contexts?.find((c) => c.name === config["current-context"])?.context;
    const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
    const user = config.users?.find((u) => u.name === context?.user)?.user;
    const ca = cluster?.["certificate-authority-data"];
    const cert = user?.["client-certificate-data"];
    const key = user?.["client-key-data"];
    if (!cluster || !ca || !cert || !key) throw new Error(`${file}: current context lacks a server, CA or embedded client certificate`);
    const decode = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");
    return new KubeClient(cluster.server, { ca: decode(ca), cert: decode(cert), key: decode(key) });
  }

  /** The raw response, whatever its status. */
  request(method: string, path: string, body?: unknown): Promise<HttpsResponse> {
    return httpsRequest(`${this.server}${path}`, this.tls, { method, body, timeoutMs: 10_000 });
  }

  /** The parsed object, or undefined on 404; other non-2xx statuses throw. */
  async get<T = Record<string, unknown>>(path: string): Promise<T | undefined> {
    const response = await this.request("GET", path);
    if (response.status === 404) return undefined;
    if (response.status < 200 || response.status >= 300) throw new KubeApiError("GET", path, response);
    return JSON.parse(response.body) as T;
  }

  async create<T = Record<string, unknown>>(path: string, object: unknown): Promise<T> {
    const response = await this.request("POST", path, object);
    if (response.status !== 201 && response.status !== 200) throw new KubeApiError("POST", path, response);
    return JSON.parse(response.body) as T;
  }

  /** A JSON merge patch; returns the patched object. */
  async patch<T = Record<string, unknown>>(path: string, patch: unknown): Promise<T> {
    const response = await httpsRequest(`${this.server}${path}`, this.tls, { method: "PATCH", body: patch, timeoutMs: 10_000, contentType: "application/merge-patch+json" });
    if (response.status < 200 || response.status >= 300) throw new KubeApiError("PATCH", path, response);
    return JSON.parse(response.body) as T;
  }

  /** Deletes; a 404 (already gone) is not an error. */
  async delete(path: string): Promise<void> {
    const response = await this.request("DELETE", path);
    if (response.status === 404) return;
    if (response.status < 200 || response.status >= 300) throw new KubeApiError("DELETE", path, response);
  }
}
