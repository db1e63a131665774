/**
 * Kubeconfig files for the lab: the user's (context `gitops-lab`, admin certificate) and
 * the controllers' own. Credentials are embedded, not referenced by path, so the
 * file keeps working when copied or merged into ~/.kube/config.
 */
import * as fs from "node:fs";
import { stringify } from "yaml";
import { LOOPBACK } from "./components";
import type { LabConfig } from "./config";
import type { LabPaths } from "./paths";

export const LAB_CONTEXT = "gitops-lab";

export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** The user entry's name: it shows up in `kubectl config view` and audit logs. */
  readonly user: string;
  readonly context?: string;
}

const b64 = (pem: string): string => Buffer.from(pem).toString("base64");

export function renderKubeconfig(input: KubeconfigInput): string {
  const context = input.context ?? LAB_CONTEXT;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: context, cluster: { server: input.server, "certificate-authority-data": b64(input.caPem) } }],
    users: [{ name: input.user, user: { "client-certificate-data": b64(input.clientCertPem), "client-key-data": b64(input.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster: context, user: input.user, namespace: "default" } }],
    "current-context": context,
    preferences: {},
  });
}

/** Writes the file only when its content changes (keeps `up` a no-op); 0600, it holds a private key. */
export function writeKubeconfig(file: string, content: string): boolean {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === content) return false;
  fs.writeFileSync(`${file}.tmp`, content, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return true;
}

/** Who reads each kubeconfig the lab writes: those processes must restart when it changes. */
export type KubeconfigReader = "admin" | "kube-controller-manager" | "kube-scheduler";

/**
 * Writes the user's kubeconfig (also used by KWOK and Argo CD) and the controllers' own, from
 * the current certificates. Returns whose kubeconfig changed: processes read it only at start.
 */
export function writeLabKubeconfigs(config: LabConfig, paths: LabPaths): KubeconfigReader[] {
  const server = `https://${LOOPBACK}:${config.ports.apiserver}`;
  const read = (file: string): string => fs.readFileSync(file, "utf8");
  const caPem = read(paths.pki.caCert);
  const files = [
    { reader: "admin", file: paths.kubeconfig, cert: paths.pki.adminCert, key: paths.pki.adminKey, user: "gitops-lab-admin" },
    { reader: "kube-controller-manager", file: paths.controllerManagerKubeconfig, cert: paths.pki.controllerManagerClientCert, key: paths.pki.controllerManagerClientKey, user: "system:kube-controller-manager" },
    { reader: "kube-scheduler", file: paths.schedulerKubeconfig, cert: paths.pki.schedulerClientCert, key: paths.pki.schedulerClientKey, user: "system:kube-scheduler" },
  ] as const;
  return files
    .filter((f) => writeKubeconfig(f.file, renderKubeconfig({ server, caPem, clientCertPem: read(f.cert), clientKeyPem: read(f.key), user: f.user })))
    .map((f) => f.reader);
}
