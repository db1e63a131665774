/**
 * Kubeconfig files for the lab: the user's (context `gitops-lab`, admin certificate) and
 * the controller manager's. Credentials are embedded, not referenced by path, so the
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

/**
 * Writes the user's kubeconfig and the controller manager's from the current certificates.
 * Returns whether the controller manager's changed: it reads the file only at start.
 */
export function writeLabKubeconfigs(config: LabConfig, paths: LabPaths): boolean {
  const server = `https://${LOOPBACK}:${config.ports.apiserver}`;
  const read = (file: string): string => fs.readFileSync(file, "utf8");
  const caPem = read(paths.pki.caCert);
  writeKubeconfig(
    paths.kubeconfig,
    renderKubeconfig({ server, caPem, clientCertPem: read(paths.pki.adminCert), clientKeyPem: read(paths.pki.adminKey), user: "gitops-lab-admin" }),
  );
  return writeKubeconfig(
    paths.controllerManagerKubeconfig,
    renderKubeconfig({
      server,
      caPem,
      clientCertPem: read(paths.pki.controllerManagerClientCert),
      clientKeyPem: read(paths.pki.controllerManagerClientKey),
      user: "system:kube-controller-manager",
    }),
  );
}
