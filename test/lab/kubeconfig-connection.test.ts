import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { stringify } from "yaml";
import { KubeClient } from "../../lab/kube-client";
import { resolveConnection } from "../../lab/kubeconfig-connection";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-connection-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: unknown): string => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : stringify(content), { mode: 0o700 });
  return file;
};
const b64 = (text: string): string => Buffer.from(text).toString("base64");

function kubeconfig(contexts: { name: string; cluster: Record<string, unknown>; user?: Record<string, unknown> }[], current?: string): unknown {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: contexts.map((c) => ({ name: c.name, cluster: c.cluster })),
    users: contexts.filter((c) => c.user).map((c) => ({ name: c.name, user: c.user })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.name, ...(c.user ? { user: c.name } : {}) } })),
    ...(current ? { "current-context": current } : {}),
  };
}

describe("kubeconfig connections", () => {
  it("merges a KUBECONFIG list as kubectl does: the first file to name an entry or a current context wins", () => {
    const first = write("merge/a", kubeconfig([{ name: "prod", cluster: { server: "https://prod.example:6443" }, user: { token: "t-prod" } }], "prod"));
    const second = write("merge/b", kubeconfig([
      { name: "prod", cluster: { server: "https://shadowed.example" }, user: { token: "shadowed" } },
      { name: "lab", cluster: { server: "https://127.0.0.1:26443/", "insecure-skip-tls-verify": true, "tls-server-name": "kubernetes" }, user: { token: "t-lab" } },
    ], "lab"));
    const env = { KUBECONFIG: [path.join(dir, "missing"), first, second].join(path.delimiter) };
    const prod = resolveConnection({ env });
    assert.deepEqual([prod.context, prod.server, prod.headers.authorization], ["prod", "https://prod.example:6443", "Bearer t-prod"]);
    const lab = resolveConnection({ env, context: "lab" });
    assert.equal(lab.server, "https://127.0.0.1:26443", "a trailing slash is dropped so paths append cleanly");
    assert.deepEqual([lab.tls.insecureSkipTlsVerify, lab.tls.serverName, lab.headers.authorization], [true, "kubernetes", "Bearer t-lab"]);
  });

  it("reads certificate, key, CA and token files relative to the kubeconfig that names them", () => {
    write("files/pki/ca.crt", "CA\n");
    write("files/pki/client.crt", "CERT\n");
    write("files/pki/client.key", "KEY\n");
    write("files/token", "t-from-file\n");
    const file = write("files/config", kubeconfig([
      { name: "certs", cluster: { server: "https://a.example", "certificate-authority": "pki/ca.crt" }, user: { "client-certificate": "pki/client.crt", "client-key": "pki/client.key" } },
      { name: "token", cluster: { server: "https://b.example", "certificate-authority-data": b64("CA2\n") }, user: { tokenFile: "token" } },
      { name: "basic", cluster: { server: "https://c.example" }, user: { username: "admin", password: "pw" } },
    ], "certs"));
    assert.deepEqual(resolveConnection({ file, env: {} }).tls, { ca: "CA\n", cert: "CERT\n", key: "KEY\n" });
    const token = resolveConnection({ file, context: "token", env: {} });
    assert.deepEqual([token.tls.ca, token.headers.authorization], ["CA2\n", "Bearer t-from-file"]);
    assert.equal(resolveConnection({ file, context: "basic", env: {} }).headers.authorization, `Basic ${b64("admin:pw")}`);
  });

  it("runs an exec credential plugin with its args and env, and uses the token it prints", () => {
    const plugin = write(
      "exec/get-token",
      '#!/bin/sh\n[ "$1" = "--cluster" ] && [ "$2" = "prod" ] || exit 3\nprintf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s"}}\' "$REGION" "$(echo "$KUBERNETES_EXEC_INFO" | grep -c ExecCredential)"\n',
    );
    const file = write("exec/config", kubeconfig([
      { name: "eks", cluster: { server: "https://eks.example" }, user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: plugin, args: ["--cluster", "prod"], env: [{ name: "REGION", value: "eu-west-1" }] } } },
      { name: "failing", cluster: { server: "https://eks.example" }, user: { exec: { command: plugin, args: ["--cluster", "other"] } } },
    ], "eks"));
    assert.equal(resolveConnection({ file, env: { PATH: process.env.PATH } }).headers.authorization, "Bearer eu-west-1-1");
    assert.throws(() => resolveConnection({ file, context: "failing", env: { PATH: process.env.PATH } }), /user "failing": exec credential plugin ".*get-token" failed/);
  });

  it("says what is wrong with a kubeconfig it cannot use, naming the key and the value", () => {
    const file = write("bad/config", kubeconfig([
      { name: "http", cluster: { server: "http://insecure.example" } },
      { name: "oidc", cluster: { server: "https://a.example" }, user: { "auth-provider": { name: "oidc" } } },
      { name: "half", cluster: { server: "https://a.example" }, user: { "client-certificate-data": b64("CERT") } },
    ]));
    assert.throws(() => resolveConnection({ file, env: {} }), /no current-context; pass --context \(one of: http, oidc, half\)/);
    assert.throws(() => resolveConnection({ file, context: "nope", env: {} }), /context "nope" not found \(contexts: http, oidc, half\)/);
    assert.throws(() => resolveConnection({ file, context: "http", env: {} }), /cluster "http": server is "http:\/\/insecure.example", expected an https:\/\/ URL/);
    assert.throws(() => resolveConnection({ file, context: "oidc", env: {} }), /user "oidc": auth-provider is not supported/);
    assert.throws(() => resolveConnection({ file, context: "half", env: {} }), /user "half": has a client certificate or a client key but not both/);
    assert.throws(() => resolveConnection({ file: path.join(dir, "absent"), env: {} }), /kubeconfig .*absent does not exist/);
    assert.throws(() => resolveConnection({ env: { HOME: path.join(dir, "no-home") } }), /no-home\/.kube\/config does not exist/);
  });

  it("reaches an HTTPS server with a bearer token and insecure-skip-tls-verify, as against a cluster with a self-signed certificate", async () => {
    const key = path.join(dir, "server.key");
    const cert = path.join(dir, "server.crt");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=test-apiserver"], { stdio: "ignore" });
    const seen: (string | undefined)[] = [];
    const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ kind: "APIVersions", versions: ["v1"] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const server_ = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const file = write("live/config", kubeconfig([
        { name: "skip", cluster: { server: server_, "insecure-skip-tls-verify": true }, user: { token: "sekret-token" } },
        { name: "verify", cluster: { server: server_ }, user: { token: "sekret-token" } },
      ], "skip"));
      assert.deepEqual(await KubeClient.connect({ file, env: {} }).get("/api"), { kind: "APIVersions", versions: ["v1"] });
      assert.deepEqual(seen, ["Bearer sekret-token"]);
      await assert.rejects(KubeClient.connect({ file, context: "verify", env: {} }).get("/api"), /self[- ]signed certificate/);
    } finally {
      server.close();
    }
  });
});
