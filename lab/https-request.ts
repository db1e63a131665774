/**
 * One HTTPS request to a lab component or an API server. Plain node:https: the lab
 * needs a handful of GETs and POSTs, not a Kubernetes client library.
 */
import * as https from "node:https";

export interface TlsIdentity {
  /** PEM text. Default: Node's bundled root certificates. */
  readonly ca?: string;
  /** Client certificate and key, PEM; default: none (a bearer token or basic auth header instead). */
  readonly cert?: string;
  readonly key?: string;
  /** kubeconfig's `insecure-skip-tls-verify`; default false. */
  readonly insecureSkipTlsVerify?: boolean;
  /** kubeconfig's `tls-server-name`: the name the server certificate must carry; default: the URL's host. */
  readonly serverName?: string;
}

export interface HttpsResponse {
  readonly status: number;
  readonly body: string;
}

export function httpsRequest(
  url: string,
  tls: TlsIdentity,
  options: { method?: string; body?: unknown; timeoutMs?: number; headers?: Readonly<Record<string, string>> } = {},
): Promise<HttpsResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: options.method ?? "GET",
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        rejectUnauthorized: !tls.insecureSkipTlsVerify,
        ...(tls.serverName ? { servername: tls.serverName } : {}),
        // No pooling: a probe must not be answered by a connection to a process that was just replaced.
        agent: false,
        headers: {
          accept: "application/json",
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      },
    );
    // A deadline for the whole exchange, not an idle timeout: a stopped (SIGSTOP) server
    // still completes the TCP handshake from the kernel's backlog, then never answers.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms: ${url}`)), timeoutMs);
    request.on("close", () => clearTimeout(deadline));
    request.on("error", reject);
    request.end(payload);
  });
}
