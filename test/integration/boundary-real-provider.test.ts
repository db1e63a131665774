/**
 * `gitops boundary --live` on objects the real Pulumi Kubernetes provider wrote
 * (the engine and provider from `npm run toolchain`, a private lab on free ports):
 * proves the manager names the check relies on are the ones the provider uses,
 * through the real `gitops` executable. Argo CD's writes are server-side applies
 * under its manager name, as in live-cluster.e2e.test.ts.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { HANDED_OFF_TO_ARGOCD } from "../../components/ownership";
import type { BoundaryReport } from "../../gitops/boundary/analyze";
import { KubeApiError, KubeClient, labDown, labUp, type LabOptions } from "../../lab";
import { freePorts } from "../local-platform/sandbox";
import { GITOPS_BIN, REPO_ROOT, requireToolchain } from "./support/toolchain";

const PROGRAM = path.join(REPO_ROOT, "test", "fixtures", "boundary", "pulumi-program");
const NAMESPACE = "boundary-real";

function gitopsBoundary(kubeconfig: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GITOPS_BIN, "boundary", "--live", "--kubeconfig", kubeconfig, "--json"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe("gitops boundary --live on objects the real Pulumi provider wrote", { timeout: 900_000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "boundary-real-provider-"));
  const project = path.join(root, "project");
  let lab: LabOptions;
  let kubeconfig: string;
  let pulumi: (args: string[]) => Promise<unknown>;

  before(async () => {
    const toolchain = requireToolchain();
    lab = { stateDir: path.join(root, "lab"), ports: await freePorts(), readyTimeoutMs: 240_000, stopTimeoutMs: 5_000 };
    await labUp(lab);
    kubeconfig = path.join(lab.stateDir!, "kubeconfig");
    fs.mkdirSync(project);
    for (const file of fs.readdirSync(PROGRAM)) fs.copyFileSync(path.join(PROGRAM, file), path.join(project, file));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"));
    fs.mkdirSync(path.join(root, "state"));
    const env = {
      ...process.env,
      PATH: [path.dirname(toolchain.languageHost), path.dirname(toolchain.pulumi), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: toolchain.pulumiHome,
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "boundary-test",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      BOUNDARY_KUBECONFIG: kubeconfig,
      BOUNDARY_HANDED_OFF: JSON.stringify(HANDED_OFF_TO_ARGOCD),
    };
    pulumi = (args) => promisify(execFile)(toolchain.pulumi, [...args, "--non-interactive"], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 });
    await pulumi(["stack", "init", "boundary"]);
    await pulumi(["up", "--yes", "--skip-preview"]);
    // Argo CD's syncs: the same value for `shared`, and the take-over of the install, both tracked.
    const kube = KubeClient.fromKubeconfig(kubeconfig);
    for (const [name, data] of [["settings", { app: "2", shared: "x" }], ["argocd-cm", { url: "https://argocd" }]] as const) {
      const url = `/api/v1/namespaces/${NAMESPACE}/configmaps/${name}?fieldManager=argocd-controller`;
      const annotations = { "argocd.argoproj.io/tracking-id": `argocd:/ConfigMap:${NAMESPACE}/${name}` };
      const response = await kube.request("PATCH", url, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NAMESPACE, annotations }, data }, { headers: { "content-type": "application/apply-patch+yaml" } });
      if (response.status !== 200) throw new KubeApiError("PATCH", url, response);
    }
  });

  after(async () => {
    await pulumi?.(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
    await labDown({ ...lab, purge: true }).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("names the provider's server-side apply manager as Pulumi's, and reports exactly the field Argo CD also owns", async () => {
    const { code, stdout, stderr } = await gitopsBoundary(kubeconfig);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout) as BoundaryReport;
    const ours = report.objects.filter((o) => o.object.namespace === NAMESPACE || o.object.name === NAMESPACE);
    // The provider draws one manager name per resource and keeps it in the resource's state.
    const pulumiManagers = ours.map((o) => o.managers.filter((m) => m.side === "pulumi").map((m) => m.manager));
    assert.equal(pulumiManagers.length, 3, "the namespace and both ConfigMaps");
    for (const names of pulumiManagers) {
      assert.equal(names.length, 1);
      assert.match(names[0]!, /^pulumi-kubernetes-[0-9a-f]{8}$/);
    }
    assert.deepEqual(
      report.violations.map((v) => [v.rule, v.object.name, v.rule === "co-owned" ? v.fields : []]),
      [
        ["co-owned", "settings", ["data.shared"]],
        ["pulumi-object-tracked", "settings", []],
      ],
    );
    assert.deepEqual(report.handedOff.map((o) => [o.object.name, o.sharedFields]), [["argocd-cm", ["data.url"]]]);
    assert.deepEqual(ours.find((o) => o.object.kind === "Namespace")?.sides, ["pulumi"]);
  });
});
