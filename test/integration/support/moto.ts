/**
 * A local S3 API (moto's server) for the S3 state backend: started as a child
 * of the test process on a free 127.0.0.1 port, stopped by its pid.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { toolchainCacheDir } from "../../../lab/config";
import { requireTool } from "../../support/tools";

const INSTALL = "bash scripts/install-moto.sh";

/** `$MOTO_SERVER`, then the venv scripts/install-moto.sh makes, then PATH; otherwise fails with the install command. */
export function requireMotoServer(): string {
  const fromEnv = process.env.MOTO_SERVER;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const cache = toolchainCacheDir();
  if (existsSync(cache)) {
    const venvs = readdirSync(cache)
      .filter((entry) => /^moto-\d/.test(entry) && existsSync(join(cache, entry, ".complete")))
      .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    for (const venv of venvs) if (existsSync(join(cache, venv, "bin", "moto_server"))) return join(cache, venv, "bin", "moto_server");
  }
  return requireTool("moto_server", INSTALL);
}

export interface LocalS3 {
  readonly port: number;
  readonly endpoint: string;
  /** Environment every S3 client (the engine) needs: dummy credentials, no instance-metadata probing. */
  readonly env: Readonly<Record<string, string>>;
  createBucket(name: string): Promise<void>;
  /** Object keys in a bucket (to prove the state really is in S3). */
  listKeys(bucket: string): Promise<string[]>;
  /**
   * The backend URL in the form existing setups use. Pulumi 3.274 rewrites the
   * AWS SDK v1 parameters gocloud.dev v0.46 no longer knows (`disableSSL` →
   * `disable_https`, a scheme-less endpoint gets `http://`, checksums only when
   * required); `response_checksum_validation` silences the SDK's
   * "no supported checksum" warning on every request to a non-AWS store.
   */
  backendUrl(bucket: string): string;
  stop(): Promise<void>;
}

export async function startLocalS3(): Promise<LocalS3> {
  const server = requireMotoServer();
  const port = await freePort();
  const child = spawn(server, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log = (log + chunk).slice(-4_000)));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(endpoint, child, () => log);
  return {
    port,
    endpoint,
    env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" },
    async createBucket(name) {
      // moto does not check signatures, so a plain path-style PUT creates the bucket.
      const response = await fetch(`${endpoint}/${name}`, { method: "PUT" });
      if (!response.ok) throw new Error(`creating bucket ${name} on moto: HTTP ${response.status} ${await response.text()}`);
    },
    async listKeys(bucket) {
      const response = await fetch(`${endpoint}/${bucket}?list-type=2`);
      return [...(await response.text()).matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]!);
    },
    backendUrl: (bucket) =>
      `s3://${bucket}?endpoint=127.0.0.1:${port}&disableSSL=true&s3ForcePathStyle=true&region=us-east-1&response_checksum_validation=when_required`,
    stop: () => stopChild(child),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitUntilServing(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${endpoint}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(child);
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
