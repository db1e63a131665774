/**
 * Turns kubeconfig files and a context into what a request needs: the server, its
 * TLS settings and the credentials. Enough for any cluster kubectl reaches with the
 * same files: merged KUBECONFIG lists, certificates inline or by path, bearer tokens
 * (inline or tokenFile), basic auth, exec credential plugins (`aws eks get-token`),
 * `insecure-skip-tls-verify` and `tls-server-name`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import type { TlsIdentity } from "./https-request";

export interface KubeconfigSelection {
  /** A kubeconfig file; default: $KUBECONFIG (a list, merged as kubectl merges it), else ~/.kube/config. */
  readonly file?: string;
  /** Default: the merged files' current-context. */
  readonly context?: string;
  /** Default: process.env. Also the environment of exec credential plugins. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ClusterConnection {
  readonly server: string;
  readonly context: string;
  readonly tls: TlsIdentity;
  /** The Authorization header, when the credential is a token or a password. */
  readonly headers: Readonly<Record<string, string>>;
}

type Entry = Record<string, unknown>;
/** A named entry and the file it came from: relative paths in it are relative to that file. */
interface Named {
  readonly body: Entry;
  readonly file: string;
}

export function kubeconfigFiles(selection: KubeconfigSelection): string[] {
  if (selection.file) return [selection.file];
  const env = selection.env ?? process.env;
  const list = (env.KUBECONFIG ?? "").split(path.delimiter).filter(Boolean);
  return list.length > 0 ? list : [path.join(env.HOME ?? os.homedir(), ".kube", "config")];
}

export function resolveConnection(selection: KubeconfigSelection = {}): ClusterConnection {
  const files = kubeconfigFiles(selection);
  const merged = { clusters: new Map<string, Named>(), users: new Map<string, Named>(), contexts: new Map<string, Named>(), current: "" };
  for (const file of files) {
    // A missing file in a KUBECONFIG list is skipped, as kubectl does; an explicit one must exist.
    if (!fs.existsSync(file)) {
      if (selection.file || files.length === 1) throw new Error(`kubeconfig ${file} does not exist (set --kubeconfig or KUBECONFIG)`);
      continue;
    }
    const config = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Entry;
    merged.current ||= typeof config["current-context"] === "string" ? config["current-context"] : "";
    for (const [list, key] of [["clusters", "cluster"], ["users", "user"], ["contexts", "context"]] as const) {
      for (const item of (config[list] ?? []) as Entry[]) {
        const name = String(item.name ?? "");
        if (!merged[list].has(name)) merged[list].set(name, { body: (item[key] ?? {}) as Entry, file });
      }
    }
  }
  const source = files.join(path.delimiter);
  const contextName = selection.context ?? merged.current;
  if (!contextName) throw new Error(`kubeconfig ${source}: no current-context; pass --context (one of: ${[...merged.contexts.keys()].join(", ") || "none"})`);
  const context = merged.contexts.get(contextName);
  if (!context) throw new Error(`kubeconfig ${source}: context "${contextName}" not found (contexts: ${[...merged.contexts.keys()].join(", ") || "none"})`);
  const clusterName = String(context.body.cluster ?? "");
  const cluster = merged.clusters.get(clusterName);
  if (!cluster) throw new Error(`kubeconfig ${context.file}: context "${contextName}" names cluster "${clusterName}", which is not defined`);
  const userName = String(context.body.user ?? "");
  const user = userName ? merged.users.get(userName) : undefined;
  if (userName && !user) throw new Error(`kubeconfig ${context.file}: context "${contextName}" names user "${userName}", which is not defined`);
  const server = clusterServer(cluster, clusterName);
  const credentials = user ? userCredentials(user, userName, selection.env ?? process.env) : { headers: {} };
  const tls: TlsIdentity = {
    ...pemFrom(cluster, "certificate-authority", "ca"),
    ...(cluster.body["insecure-skip-tls-verify"] === true ? { insecureSkipTlsVerify: true } : {}),
    ...(typeof cluster.body["tls-server-name"] === "string" ? { serverName: cluster.body["tls-server-name"] } : {}),
    ...credentials.tls,
  };
  return { server, context: contextName, tls, headers: credentials.headers };
}

function clusterServer(cluster: Named, name: string): string {
  const server = cluster.body.server;
  const where = `kubeconfig ${cluster.file}: cluster "${name}"`;
  if (typeof server !== "string" || !server.startsWith("https://")) throw new Error(`${where}: server is ${JSON.stringify(server)}, expected an https:// URL`);
  if (cluster.body["proxy-url"] !== undefined) throw new Error(`${where}: proxy-url is not supported; reach the API server directly`);
  return server.replace(/\/+$/, "");
}

/** `<key>-data` (base64) or `<key>` (a path relative to the file), as PEM text under `field`. */
function pemFrom(entry: Named, key: string, field: "ca" | "cert" | "key"): Partial<TlsIdentity> {
  const data = entry.body[`${key}-data`];
  if (typeof data === "string" && data) return { [field]: Buffer.from(data, "base64").toString("utf8") };
  const file = entry.body[key];
  if (typeof file === "string" && file) return { [field]: fs.readFileSync(path.resolve(path.dirname(entry.file), file), "utf8") };
  return {};
}

function userCredentials(user: Named, name: string, env: Readonly<Record<string, string | undefined>>): { tls?: Partial<TlsIdentity>; headers: Record<string, string> } {
  const where = `kubeconfig ${user.file}: user "${name}"`;
  const { body } = user;
  if (body["auth-provider"] !== undefined)
    throw new Error(`${where}: auth-provider is not supported (kubectl dropped it too); use an exec credential plugin`);
  const certificate = { ...pemFrom(user, "client-certificate", "cert"), ...pemFrom(user, "client-key", "key") };
  if (Boolean(certificate.cert) !== Boolean(certificate.key)) throw new Error(`${where}: has a client certificate or a client key but not both`);
  const token =
    typeof body.token === "string" && body.token
      ? body.token
      : typeof body.tokenFile === "string" && body.tokenFile
        ? fs.readFileSync(path.resolve(path.dirname(user.file), body.tokenFile), "utf8").trim()
        : undefined;
  if (token) return { tls: certificate, headers: { authorization: `Bearer ${token}` } };
  if (typeof body.username === "string" && typeof body.password === "string")
    return { tls: certificate, headers: { authorization: `Basic ${Buffer.from(`${body.username}:${body.password}`).toString("base64")}` } };
  if (body.exec !== undefined && !certificate.cert) return execCredential(body.exec as Entry, where, env);
  return { tls: certificate, headers: {} };
}

/** Runs an exec credential plugin (client.authentication.k8s.io) and reads its ExecCredential. */
function execCredential(exec: Entry, where: string, env: Readonly<Record<string, string | undefined>>): { tls?: Partial<TlsIdentity>; headers: Record<string, string> } {
  const command = exec.command;
  if (typeof command !== "string" || !command) throw new Error(`${where}: exec.command is ${JSON.stringify(command)}, expected a command`);
  const apiVersion = typeof exec.apiVersion === "string" ? exec.apiVersion : "client.authentication.k8s.io/v1";
  const extraEnv = Object.fromEntries(((exec.env ?? []) as { name: string; value: string }[]).map((e) => [e.name, e.value]));
  let output: string;
  try {
    output = execFileSync(command, ((exec.args ?? []) as unknown[]).map(String), {
      encoding: "utf8",
      timeout: 60_000,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...env, ...extraEnv, KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion, kind: "ExecCredential", spec: { interactive: false } }) },
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${where}: exec credential plugin "${command}" failed: ${stderr || (error instanceof Error ? error.message : String(error))}`);
  }
  let status: Entry | undefined;
  try {
    status = (JSON.parse(output) as Entry).status as Entry | undefined;
  } catch {
    throw new Error(`${where}: exec credential plugin "${command}" printed no ExecCredential JSON`);
  }
  if (typeof status?.token === "string" && status.token) return { headers: { authorization: `Bearer ${status.token}` } };
  if (typeof status?.clientCertificateData === "string" && typeof status.clientKeyData === "string")
    return { tls: { cert: status.clientCertificateData, key: status.clientKeyData }, headers: {} };
  throw new Error(`${where}: exec credential plugin "${command}" returned neither status.token nor status.clientCertificateData/clientKeyData`);
}
