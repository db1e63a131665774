import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { resolveLabConfig } from "../../lab/config";
import { labPathsFor } from "../../lab/paths";
import { certificatePlan, certificateUsable, ensurePki, extensionsConfig } from "../../lab/pki";

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-pki-"));
after(() => fs.rmSync(stateDir, { recursive: true, force: true }));
const config = resolveLabConfig({ stateDir, env: {} });
const paths = labPathsFor(stateDir);
const subjectOf = (name: string): string | undefined => certificatePlan(config, paths).find((r) => r.name === name)?.subject;

describe("lab certificate plan", () => {
  it("makes the admin a member of system:masters and names the controller manager as RBAC expects", () => {
    assert.match(subjectOf("admin") ?? "", /\/O=system:masters\//);
    assert.equal(subjectOf("controller-manager-client"), "/CN=system:kube-controller-manager");
  });

  it("gives the apiserver every name clients use, including the kubernetes Service IP", () => {
    const sans = certificatePlan(config, paths).find((r) => r.name === "apiserver")?.sans ?? [];
    for (const san of ["IP:127.0.0.1", "DNS:localhost", "DNS:kubernetes.default.svc", "IP:10.96.0.1"]) assert.ok(sans.includes(san), san);
  });

  it("limits leaf certificates to their usage and marks only the CA as a CA", () => {
    assert.match(extensionsConfig("client", []), /extendedKeyUsage = clientAuth\n/);
    assert.match(extensionsConfig("peer", ["IP:127.0.0.1"]), /extendedKeyUsage = serverAuth,clientAuth\n[\s\S]*subjectAltName = IP:127.0.0.1/);
    assert.match(extensionsConfig("ca", []), /CA:TRUE/);
    assert.doesNotMatch(extensionsConfig("server", []), /CA:TRUE/);
  });
});

describe("ensurePki with openssl", () => {
  it("issues a CA-signed chain with private keys, then does nothing on a second run", async () => {
    const issued = await ensurePki(config, paths);
    assert.deepEqual([...issued].sort(), ["admin", "apiserver", "apiserver-etcd-client", "ca", "controller-manager-client", "controller-manager-serving", "etcd", "scheduler-client", "scheduler-serving", "service-account-key"]);
    const ca = new X509Certificate(fs.readFileSync(paths.pki.caCert, "utf8"));
    for (const request of certificatePlan(config, paths)) {
      const cert = new X509Certificate(fs.readFileSync(request.cert, "utf8"));
      assert.ok(cert.verify(ca.publicKey), `${request.name} is signed by the lab CA`);
      assert.equal(fs.statSync(request.key).mode & 0o777, 0o600, `${request.name} key is private`);
    }
    const admin = new X509Certificate(fs.readFileSync(paths.pki.adminCert, "utf8"));
    assert.match(admin.subject, /O=system:masters/);
    execFileSync("openssl", ["verify", "-CAfile", paths.pki.caCert, paths.pki.apiserverCert]);
    assert.deepEqual(await ensurePki(config, paths), []);
  });

  it("reissues only the apiserver certificate when the service CIDR (and so its SANs) changes", async () => {
    await ensurePki(config, paths);
    const changed = resolveLabConfig({ stateDir, serviceCidr: "10.100.0.0/24", env: {} });
    assert.equal(certificateUsable(paths.pki.apiserverCert, paths.pki.apiserverKey, ["IP:10.100.0.1"]), false);
    assert.deepEqual(await ensurePki(changed, paths), ["apiserver"]);
    assert.match(new X509Certificate(fs.readFileSync(paths.pki.apiserverCert, "utf8")).subjectAltName ?? "", /IP Address:10\.100\.0\.1/);
  });

  it("considers a certificate close to expiry unusable", () => {
    const inTwoWeeks = Date.now() + 351 * 24 * 3600 * 1000; // leaves expire after 365 days
    assert.equal(certificateUsable(paths.pki.adminCert, paths.pki.adminKey, [], inTwoWeeks), false);
    assert.equal(certificateUsable(paths.pki.adminCert, paths.pki.adminKey, []), true);
  });
});
