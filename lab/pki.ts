/**
 * The lab's PKI: one CA, serving and client certificates for every connection, and the
 * ServiceAccount token signing key. Generated once into <stateDir>/pki and kept across
 * `up`/`down`; a certificate is reissued only when it is missing, expiring, or lacks a
 * SAN the current config needs (e.g. after the service CIDR changed).
 */
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LabConfig } from "./config";
import { apiserverServiceIp, LOOPBACK } from "./components";
import { generateKey, selfSignedCa, signedCertificate, writePublicKey } from "./openssl";
import type { LabPaths } from "./paths";

type Usage = "server" | "client" | "peer";

/** One certificate the lab needs: who it is (subject) and where it may be used. */
export interface CertificateRequest {
  readonly name: string;
  readonly cert: string;
  readonly key: string;
  readonly subject: string;
  readonly usage: Usage;
  /** In openssl syntax: `IP:127.0.0.1`, `DNS:localhost`. */
  readonly sans: readonly string[];
}

const CA_DAYS = 3650;
const LEAF_DAYS = 365;
/** Reissue a leaf this close to expiry, so a lab left alone for a year keeps starting. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

const LOCAL_SANS = [`IP:${LOOPBACK}`, "DNS:localhost"];

/** What to issue; pure so the subjects and SANs (the security-relevant part) are unit-tested. */
export function certificatePlan(config: LabConfig, paths: LabPaths): readonly CertificateRequest[] {
  const pki = paths.pki;
  return [
    { name: "etcd", cert: pki.etcdCert, key: pki.etcdKey, subject: "/CN=gitops-lab-etcd", usage: "peer", sans: LOCAL_SANS },
    { name: "apiserver-etcd-client", cert: pki.apiserverEtcdClientCert, key: pki.apiserverEtcdClientKey, subject: "/CN=kube-apiserver-etcd-client", usage: "client", sans: [] },
    {
      name: "apiserver",
      cert: pki.apiserverCert,
      key: pki.apiserverKey,
      subject: "/CN=kube-apiserver",
      usage: "server",
      sans: [
        ...LOCAL_SANS,
        `IP:${apiserverServiceIp(config)}`,
        "DNS:kubernetes",
        "DNS:kubernetes.default",
        "DNS:kubernetes.default.svc",
        "DNS:kubernetes.default.svc.cluster.local",
      ],
    },
    // O=system:masters: the group RBAC binds to cluster-admin, so the user's kubeconfig works before any RBAC exists.
    { name: "admin", cert: pki.adminCert, key: pki.adminKey, subject: "/O=system:masters/CN=gitops-lab-admin", usage: "client", sans: [] },
    // The CN the bootstrap RBAC policy grants the controller manager's permissions to.
    { name: "controller-manager-client", cert: pki.controllerManagerClientCert, key: pki.controllerManagerClientKey, subject: "/CN=system:kube-controller-manager", usage: "client", sans: [] },
    { name: "controller-manager-serving", cert: pki.controllerManagerServingCert, key: pki.controllerManagerServingKey, subject: "/CN=kube-controller-manager", usage: "server", sans: LOCAL_SANS },
    // The CN the bootstrap RBAC policy grants the scheduler's permissions to.
    { name: "scheduler-client", cert: pki.schedulerClientCert, key: pki.schedulerClientKey, subject: "/CN=system:kube-scheduler", usage: "client", sans: [] },
    { name: "scheduler-serving", cert: pki.schedulerServingCert, key: pki.schedulerServingKey, subject: "/CN=kube-scheduler", usage: "server", sans: LOCAL_SANS },
  ];
}

/** openssl config with a minimal [req] section and the [ext] extensions for a certificate. */
export function extensionsConfig(usage: Usage | "ca", sans: readonly string[]): string {
  const lines = ["[req]", "distinguished_name = dn", "[dn]", "[ext]"];
  if (usage === "ca") {
    lines.push("basicConstraints = critical,CA:TRUE", "keyUsage = critical,keyCertSign,cRLSign,digitalSignature", "subjectKeyIdentifier = hash");
  } else {
    const eku = { server: "serverAuth", client: "clientAuth", peer: "serverAuth,clientAuth" }[usage];
    lines.push("basicConstraints = critical,CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment", `extendedKeyUsage = ${eku}`);
    lines.push("subjectKeyIdentifier = hash", "authorityKeyIdentifier = keyid");
    if (sans.length > 0) lines.push(`subjectAltName = ${sans.join(",")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** True when the certificate exists, is not close to expiry, and names every wanted SAN. */
export function certificateUsable(certFile: string, keyFile: string, sans: readonly string[], now = Date.now()): boolean {
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) return false;
  try {
    const cert = new X509Certificate(fs.readFileSync(certFile, "utf8"));
    if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return false;
    // Node prints SANs as "IP Address:127.0.0.1, DNS:localhost"; openssl config says "IP:".
    const present = new Set((cert.subjectAltName ?? "").split(", ").map((s) => s.replace(/^IP Address:/, "IP:")));
    return sans.every((san) => present.has(san));
  } catch {
    return false;
  }
}

async function withExtFile<T>(dir: string, name: string, content: string, work: (file: string) => Promise<T>): Promise<T> {
  const file = path.join(dir, `.${name}.cnf`);
  await fs.promises.writeFile(file, content);
  try {
    return await work(file);
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}

/** Creates what is missing or stale; returns the names of what it (re)issued. */
export async function ensurePki(config: LabConfig, paths: LabPaths): Promise<readonly string[]> {
  const pki = paths.pki;
  await fs.promises.mkdir(pki.dir, { recursive: true, mode: 0o700 });
  const issued: string[] = [];
  // A new CA invalidates every leaf, so they are all reissued with it.
  const newCa = !certificateUsable(pki.caCert, pki.caKey, []);
  if (newCa) {
    await generateKey(pki.caKey);
    await withExtFile(pki.dir, "ca", extensionsConfig("ca", []), (ext) => selfSignedCa(pki.caKey, pki.caCert, "/CN=gitops-lab-ca", CA_DAYS, ext));
    issued.push("ca");
  }
  const ca = { cert: pki.caCert, key: pki.caKey };
  const stale = certificatePlan(config, paths).filter((r) => newCa || !certificateUsable(r.cert, r.key, r.sans));
  await Promise.all(
    stale.map(async (r) => {
      await generateKey(r.key);
      await withExtFile(pki.dir, r.name, extensionsConfig(r.usage, r.sans), (ext) => signedCertificate(r.key, r.cert, r.subject, LEAF_DAYS, ca, ext));
      issued.push(r.name);
    }),
  );
  // Rotating the signing key would invalidate every token issued so far: only create it.
  if (!fs.existsSync(pki.serviceAccountKey) || !fs.existsSync(pki.serviceAccountPub)) {
    await generateKey(pki.serviceAccountKey);
    await writePublicKey(pki.serviceAccountKey, pki.serviceAccountPub);
    issued.push("service-account-key");
  }
  return issued;
}
