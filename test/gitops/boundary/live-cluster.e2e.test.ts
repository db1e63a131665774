/**
 * `gitops boundary --live` against a real API server: the lab's etcd and
 * kube-apiserver (built by `npm run toolchain -- --lab`; a missing binary fails
 * here with that hint), in a temp state dir on free ports. Objects are written
 * with server-side apply under Pulumi's and Argo CD's real field manager names,
 * so managedFields are the API server's own, not a fixture's.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { run } from "../../../cli/main";
import { HANDED_OFF_TO_ARGOCD, PULUMI_OWNS } from "../../../components/ownership";
import type { BoundaryReport, ObjectRef } from "../../../gitops/boundary/analyze";
import { KubeApiError, KubeClient, labDown, labUp, type LabOptions } from "../../../lab";
import { freePorts } from "../../local-platform/sandbox";

const NAMESPACE = "boundary-e2e";
const PULUMI = "pulumi-kubernetes-0a1b2c3d";
const ARGOCD = "argocd-controller";
const tracking = (name: string) => ({ "argocd.argoproj.io/tracking-id": `api-service-local:/ConfigMap:${NAMESPACE}/${name}` });

interface Manifest {
  readonly kind: "Namespace" | "ConfigMap";
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly data?: Readonly<Record<string, string>>;
}

async function apply(kube: KubeClient, manager: string, object: Manifest): Promise<void> {
  const collection = object.kind === "Namespace" ? "/api/v1/namespaces" : `/api/v1/namespaces/${object.metadata.namespace}/${object.kind.toLowerCase()}s`;
  const url = `${collection}/${object.metadata.name}?fieldManager=${manager}`;
  // JSON is YAML: the apply patch content type takes it as it is.
  const response = await kube.request("PATCH", url, { apiVersion: "v1", ...object }, { headers: { "content-type": "application/apply-patch+yaml" } });
  if (response.status !== 200 && response.status !== 201) throw new KubeApiError("PATCH", url, response);
}

async function boundary(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(["boundary", "--live", ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} });
  return { code, stdout, stderr };
}

describe("gitops boundary --live against the lab API server", { timeout: 600_000 }, () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-boundary-e2e-"));
  let options: LabOptions;
  let kubeconfig: string;
  let kube: KubeClient;

  before(async () => {
    options = { stateDir, ports: await freePorts(), readyTimeoutMs: 240_000, stopTimeoutMs: 5_000 };
    await labUp(options);
    kubeconfig = path.join(stateDir, "kubeconfig");
    kube = KubeClient.fromKubeconfig(kubeconfig);
    // As Pulumi's Tenancy writes namespaces: a name alone would leave no managed field to own.
    await apply(kube, PULUMI, { kind: "Namespace", metadata: { name: NAMESPACE, labels: { "gitops-platform.io/team": "e2e" }, annotations: PULUMI_OWNS } });
    // Argo CD's alone, tracked.
    await apply(kube, ARGOCD, { kind: "ConfigMap", metadata: { name: "app-config", namespace: NAMESPACE, annotations: tracking("app-config") }, data: { a: "1" } });
    // Both write `shared` (same value, so server-side apply lets them co-own it); each has one field of its own.
    await apply(kube, PULUMI, { kind: "ConfigMap", metadata: { name: "co-owned", namespace: NAMESPACE }, data: { infra: "1", shared: "x" } });
    await apply(kube, ARGOCD, { kind: "ConfigMap", metadata: { name: "co-owned", namespace: NAMESPACE, annotations: tracking("co-owned") }, data: { app: "2", shared: "x" } });
    // Disjoint, as an Application Pulumi creates and Argo CD's controller reports on: an Update (merge patch), not an apply.
    await apply(kube, PULUMI, { kind: "ConfigMap", metadata: { name: "root-app", namespace: NAMESPACE }, data: { spec: "root" } });
    const statusUrl = `/api/v1/namespaces/${NAMESPACE}/configmaps/root-app?fieldManager=argocd-application-controller`;
    const status = await kube.request("PATCH", statusUrl, { data: { status: "Synced" } }, { headers: { "content-type": "application/merge-patch+json" } });
    if (status.status !== 200) throw new KubeApiError("PATCH", statusUrl, status);
    // Handed off: Pulumi installed it, Argo CD applies the same fields and tracks it.
    await apply(kube, PULUMI, { kind: "ConfigMap", metadata: { name: "argocd-cm", namespace: NAMESPACE, annotations: HANDED_OFF_TO_ARGOCD }, data: { url: "https://argocd" } });
    await apply(kube, ARGOCD, { kind: "ConfigMap", metadata: { name: "argocd-cm", namespace: NAMESPACE, annotations: tracking("argocd-cm") }, data: { url: "https://argocd" } });
  });

  after(async () => {
    await labDown({ ...options, purge: true }).catch(() => undefined);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("exits 1 and reports exactly the shared field and the tracked Pulumi object, and lists the hand-off apart", async (t) => {
    const { code, stdout, stderr } = await boundary(["--kubeconfig", kubeconfig, "--json"]);
    assert.equal(code, 1, stderr);
    t.diagnostic(stderr.trim().split("\n").pop() ?? "");
    const report = JSON.parse(stdout) as BoundaryReport & { unreadable: unknown[] };
    assert.deepEqual(report.unreadable, []);
    const ours = <T extends { object: ObjectRef }>(list: readonly T[]): T[] => list.filter((v) => v.object.namespace === NAMESPACE || v.object.name === NAMESPACE);
    const object = { apiVersion: "v1", kind: "ConfigMap", namespace: NAMESPACE, name: "co-owned" };
    assert.deepEqual(ours(report.violations), [
      { rule: "co-owned", object, fields: ["data.shared"], pulumiManagers: [PULUMI], argocdManagers: [ARGOCD] },
      { rule: "pulumi-object-tracked", object, trackedBy: { application: "api-service-local", marker: "argocd.argoproj.io/tracking-id" }, pulumiManagers: [PULUMI] },
    ]);
    assert.deepEqual(
      ours(report.handedOff).map((o) => [o.object.name, o.sharedFields]),
      [["argocd-cm", ["data.url"]]],
    );
    const sides = Object.fromEntries(ours(report.objects).map((o) => [o.object.name, o.sides]));
    assert.deepEqual(sides, { [NAMESPACE]: ["pulumi"], "app-config": ["argocd"], "co-owned": ["pulumi", "argocd"], "root-app": ["pulumi", "argocd"], "argocd-cm": ["pulumi", "argocd"] });
    const rootApp = ours(report.objects).find((o) => o.object.name === "root-app")!;
    assert.deepEqual(rootApp.sharedFields, []);
    assert.deepEqual(rootApp.managers.map((m) => [m.manager, m.operation, m.fields]), [
      [PULUMI, "Apply", ["data.spec"]],
      ["argocd-application-controller", "Update", ["data.status"]],
    ]);
    assert.ok(report.checkedObjects > 4, "the whole cluster was listed, not just the test's namespace");
  });

  it("exits 0 once the co-owned object is gone, saying the boundary holds", async () => {
    await kube.delete(`/api/v1/namespaces/${NAMESPACE}/configmaps/co-owned`);
    const { code, stdout, stderr } = await boundary(["--kubeconfig", kubeconfig]);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /Handed off from Pulumi to Argo CD \(1\):\n {2}v1\/ConfigMap boundary-e2e\/argocd-cm: tracked by api-service-local, 1 co-owned field\(s\) by design\n/);
    assert.match(stdout, /The ownership boundary holds\.\n$/);
  });

  it("exits 2 when the context does not exist", async () => {
    const { code, stderr } = await boundary(["--kubeconfig", kubeconfig, "--context", "nope"]);
    assert.equal(code, 2);
    assert.match(stderr, /not checked: kubeconfig .*: context "nope" not found \(contexts: gitops-lab\)/);
  });
});
