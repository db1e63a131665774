/**
 * The few `openssl` invocations the lab's PKI needs. Node's crypto can make keys but
 * not certificates, and the openssl CLI is on every Debian/macOS machine. Only options
 * that OpenSSL 1.1, 3.x and LibreSSL share are used (`x509 -req -extfile`, not `req -CA`).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export class OpensslMissingError extends Error {
  constructor() {
    super("the lab generates its certificates with the `openssl` command, which is not on PATH: install it (Debian: apt-get install openssl)");
    this.name = "OpensslMissingError";
  }
}

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run("openssl", [...args], { timeout: 30_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new OpensslMissingError();
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** A P-256 key: generated in milliseconds, and accepted by etcd, Kubernetes and its ServiceAccount token signer (ES256). */
export async function generateKey(keyFile: string): Promise<void> {
  await openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", keyFile]);
  await fs.chmod(keyFile, 0o600);
}

export async function writePublicKey(keyFile: string, pubFile: string): Promise<void> {
  await openssl(["ec", "-in", keyFile, "-pubout", "-out", pubFile]);
}

export async function selfSignedCa(keyFile: string, certFile: string, subject: string, days: number, extFile: string): Promise<void> {
  await openssl(["req", "-new", "-x509", "-key", keyFile, "-subj", subject, "-days", String(days), "-config", extFile, "-extensions", "ext", "-out", certFile]);
}

/** Signs a certificate for keyFile with the CA; extensions come from section [ext] of extFile. */
export async function signedCertificate(
  keyFile: string,
  certFile: string,
  subject: string,
  days: number,
  ca: { cert: string; key: string },
  extFile: string,
): Promise<void> {
  const csr = `${certFile}.csr`;
  try {
    await openssl(["req", "-new", "-key", keyFile, "-subj", subject, "-config", extFile, "-out", csr]);
    await openssl([
      "x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key,
      // A random serial instead of -CAcreateserial: no ca.srl file to keep in sync.
      "-set_serial", `0x${randomBytes(16).toString("hex")}`,
      "-days", String(days), "-sha256", "-extfile", extFile, "-extensions", "ext", "-out", certFile,
    ]);
  } finally {
    await fs.rm(csr, { force: true });
  }
}
