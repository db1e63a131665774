import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { KubeClient } from "../../lab/kube-client";
import { renderKubeconfig, writeKubeconfig } from "../../lab/kubeconfig";

const input = { server: "https://127.0.0.1:26443", caPem: "CA PEM\n", clientCertPem: "CERT PEM\n", clientKeyPem: "KEY PEM\n", user: "gitops-lab-admin" };

describe("lab kubeconfig", () => {
  it("has one cluster, user and context named gitops-lab, selected as current", () => {
    const config = parse(renderKubeconfig(input));
    assert.equal(config["current-context"], "gitops-lab");
    assert.deepEqual(config.contexts, [{ name: "gitops-lab", context: { cluster: "gitops-lab", user: "gitops-lab-admin", namespace: "default" } }]);
    assert.equal(config.clusters[0].cluster.server, "https://127.0.0.1:26443");
  });

  it("embeds the credentials base64-encoded, so the file is self-contained", () => {
    const config = parse(renderKubeconfig(input));
    const decode = (s: string): string => Buffer.from(s, "base64").toString("utf8");
    assert.equal(decode(config.clusters[0].cluster["certificate-authority-data"]), "CA PEM\n");
    assert.equal(decode(config.users[0].user["client-certificate-data"]), "CERT PEM\n");
    assert.equal(decode(config.users[0].user["client-key-data"]), "KEY PEM\n");
  });

  it("is read back by the lab's API client", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-kubeconfig-"));
    const file = path.join(dir, "kubeconfig");
    writeKubeconfig(file, renderKubeconfig({ ...input, server: "https://127.0.0.1:4242" }));
    assert.equal(KubeClient.fromKubeconfig(file).server, "https://127.0.0.1:4242");
    fs.rmSync(dir, { recursive: true });
  });

  it("is written private, and not rewritten when unchanged", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-kubeconfig-"));
    const file = path.join(dir, "kubeconfig");
    assert.equal(writeKubeconfig(file, renderKubeconfig(input)), true);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(writeKubeconfig(file, renderKubeconfig(input)), false);
    assert.equal(writeKubeconfig(file, renderKubeconfig({ ...input, server: "https://127.0.0.1:1" })), true);
    fs.rmSync(dir, { recursive: true });
  });
});
