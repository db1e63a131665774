/**
 * A deliberately tiny Kubernetes API client: enough for the lab to wait for the
 * `default` ServiceAccount, for tests to create and delete objects, and for
 * `gitops boundary --live` to list a cluster. It reads kubeconfig files, so it
 * exercises exactly the credentials a user gets.
 */
import { httpsRequest, type HttpsResponse, type TlsIdentity } from "./https-request";
import { resolveConnection, type KubeconfigSelection } from "./kubeconfig-connection";

export class KubeApiError extends Error {
  constructor(readonly method: string, readonly path: string, readonly response: HttpsResponse) {
    super(`${method} ${path}: HTTP ${response.status}: ${response.body.slice(0, 300)}`);
    this.name = "KubeApiError";
  }
}

export interface KubeRequestOptions {
  /** Extra headers (accept, content-type of a patch); default: JSON in and out. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default: 10 s. */
  readonly timeoutMs?: number;
}

export class KubeClient {
  constructor(
    readonly server: string,
    private readonly tls: TlsIdentity,
    /** The Authorization header of a token or password credential; default: none (client certificates). */
    private readonly authHeaders: Readonly<Record<string, string>> = {},
  ) {}

  /** From a kubeconfig file's current context (the lab's, or any other). */
  static fromKubeconfig(file: string): KubeClient {
    return KubeClient.connect({ file });
  }

  /** From kubeconfig files and a context chosen as kubectl chooses them. */
  static connect(selection: KubeconfigSelection = {}): KubeClient {
    const connection = resolveConnection(selection);
    return new KubeClient(connection.server, connection.tls, connection.headers);
  }

  /** The raw response, whatever its status. */
  request(method: string, path: string, body?: unknown, options: KubeRequestOptions = {}): Promise<HttpsResponse> {
    return httpsRequest(`${this.server}${path}`, this.tls, {
      method,
      body,
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: { ...this.authHeaders, ...options.headers },
    });
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
    const response = await this.request("PATCH", path, patch, { headers: { "content-type": "application/merge-patch+json" } });
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
