/**
 * `gitops boundary --live` end to end against an API server in this process: an
 * HTTPS server with a self-signed certificate (reached with insecure-skip-tls-verify
 * and a bearer token, as a kubeconfig for a remote cluster would) serving discovery
 * and metadata lists of the fixture objects. The real API server is in live-cluster.e2e.test.ts.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { run } from "../../../cli/main";
import type { LiveObject } from "../../../gitops/boundary/analyze";

const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, "../../fixtures/boundary/live-objects.json"), "utf8")) as LiveObject[];
const RESOURCES: Record<string, { groupVersion: string; name: string }> = {
  Deployment: { groupVersion: "apps/v1", name: "deployments" },
  Namespace: { groupVersion: "v1", name: "namespaces" },
  ConfigMap: { groupVersion: "v1", name: "configmaps" },
  Service: { groupVersion: "v1", name: "services" },
  Application: { groupVersion: "argoproj.io/v1alpha1", name: "applications" },
};

function apiServer(objects: readonly LiveObject[], forbidden: readonly string[] = []): https.Server {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "boundary-cli-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key`, "-out", `${dir}/crt`, "-days", "1", "-subj", "/CN=fake-apiserver"], { stdio: "ignore" });
  const tls = { key: fs.readFileSync(`${dir}/key`), cert: fs.readFileSync(`${dir}/crt`) };
  fs.rmSync(dir, { recursive: true });
  const discovery = (gv: string) => ({
    resources: Object.entries(RESOURCES).filter(([, r]) => r.groupVersion === gv).map(([kind, r]) => ({ name: r.name, kind, verbs: ["get", "list"] })),
  });
  return https.createServer(tls, (request, response) => {
    const reply = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.headers.authorization !== "Bearer boundary-token") return reply(401, { kind: "Status", message: "Unauthorized" });
    const url = new URL(request.url ?? "/", "https://x");
    if (url.pathname === "/apis") return reply(200, { groups: [{ preferredVersion: { groupVersion: "apps/v1" } }, { preferredVersion: { groupVersion: "argoproj.io/v1alpha1" } }] });
    if (url.pathname === "/api/v1") return reply(200, discovery("v1"));
    if (url.pathname.startsWith("/apis/") && url.pathname.split("/").length === 4) return reply(200, discovery(url.pathname.slice("/apis/".length)));
    const entry = Object.entries(RESOURCES).find(([, r]) => url.pathname === (r.groupVersion === "v1" ? `/api/v1/${r.name}` : `/apis/${r.groupVersion}/${r.name}`));
    if (!entry) return reply(404, { kind: "Status", message: "not found" });
    if (forbidden.includes(entry[1].name)) return reply(403, { kind: "Status", message: `${entry[1].name} is forbidden` });
    return reply(200, { kind: "PartialObjectMetadataList", metadata: {}, items: objects.filter((o) => o.kind === entry[0]).map((o) => ({ metadata: o.metadata })) });
  });
}

async function boundary(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(["boundary", ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} });
  return { code, stdout, stderr };
}

describe("gitops boundary --live", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "boundary-cli-config-"));
  const servers: https.Server[] = [];
  const kubeconfigFor = async (name: string, server: https.Server): Promise<string> => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const file = path.join(dir, name);
    const cluster = { server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, "insecure-skip-tls-verify": true };
    fs.writeFileSync(file, stringify({ clusters: [{ name, cluster }], users: [{ name, user: { token: "boundary-token" } }], contexts: [{ name, context: { cluster: name, user: name } }], "current-context": name }));
    return file;
  };
  let broken: string;
  let clean: string;
  let partlyForbidden: string;

  before(async () => {
    broken = await kubeconfigFor("broken", apiServer(fixtures));
    const cleanObjects = fixtures.filter((o) => ["api-service", "team-a", "root-local", "argocd-server", "kube-root-ca.crt"].includes(o.metadata.name) && o.kind !== "Service");
    clean = await kubeconfigFor("clean", apiServer(cleanObjects));
    partlyForbidden = await kubeconfigFor("forbidden", apiServer(cleanObjects, ["configmaps"]));
  });
  after(() => {
    for (const server of servers) server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exits 1 listing every offending object and the shared fields", async () => {
    const { code, stdout, stderr } = await boundary(["--live", "--kubeconfig", broken]);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^Violations \(4\):\n {2}v1\/ConfigMap demo\/api-settings: 1 field\(s\) owned by both .*\n {4}data.LOG_LEVEL\n/);
    for (const offender of ["v1/ConfigMap demo/api-settings: managed by Pulumi", "apps/v1/Deployment argocd/argocd-repo-server: handed off", "v1/Service demo/api-service: synced by Argo CD"])
      assert.ok(stdout.includes(offender), offender);
    assert.match(stderr, /9 object\(s\) of 5 resource type\(s\)/);
  });

  it("prints the report as JSON with --json, and --tracking label changes which objects count as tracked", async () => {
    const annotation = JSON.parse((await boundary(["--live", "--kubeconfig", broken, "--json"])).stdout);
    const label = await boundary(["--live", "--kubeconfig", broken, "--json", "--tracking", "label"]);
    assert.equal(label.code, 1);
    const rules = (report: { violations: { rule: string; object: { name: string } }[] }) => report.violations.map((v) => `${v.rule} ${v.object.name}`);
    assert.ok(rules(annotation).includes("argocd-object-untracked api-service"));
    assert.ok(annotation.skipped.some((s: { group: string; why: string }) => s.group === "coordination.k8s.io" && s.why), "the JSON says what was not listed, and why");
    assert.deepEqual(rules(JSON.parse(label.stdout)), [
      "co-owned api-settings",
      "pulumi-object-tracked api-settings",
      "pulumi-object-tracked external-secrets",
      "handed-off-untracked argocd-repo-server",
    ]);
  });

  it("exits 0 on a clean cluster", async () => {
    const { code, stdout } = await boundary(["--live", "--kubeconfig", clean]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /The ownership boundary holds\.\n$/);
  });

  it("exits 2 when a resource type could not be read, even if what it read was clean", async () => {
    const { code, stdout } = await boundary(["--live", "--kubeconfig", partlyForbidden]);
    assert.equal(code, 2);
    assert.match(stdout, /Not checked \(1\):\n {2}configmaps: GET \/api\/v1\/configmaps\?limit=500: HTTP 403: configmaps is forbidden\n/);
    assert.match(stdout, /the check is incomplete/);
  });

  it("exits 2 on bad arguments, a missing kubeconfig or an unreachable cluster, saying why", async () => {
    assert.equal((await boundary([])).code, 2, "--live is required");
    const badTracking = await boundary(["--live", "--tracking", "labels"]);
    assert.equal(badTracking.code, 2);
    assert.match(badTracking.stderr, /--tracking must be one of annotation, label, got "labels"/);
    const clash = await boundary(["--live", "--kubeconfig", path.join(dir, "absent"), "--argocd-manager", "pulumi-kubernetes"]);
    assert.deepEqual([clash.code, clash.stderr], [2, 'gitops boundary: not checked: field manager "pulumi-kubernetes" cannot be both Pulumi\'s and Argo CD\'s\n']);
    const missing = await boundary(["--live", "--kubeconfig", path.join(dir, "absent")]);
    assert.deepEqual([missing.code, /not checked: kubeconfig .*absent does not exist/.test(missing.stderr)], [2, true]);
    const closed = https.createServer();
    const file = await kubeconfigFor("closed", closed);
    closed.close();
    const unreachable = await boundary(["--live", "--kubeconfig", file]);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /not checked: .*ECONNREFUSED/);
  });
});
