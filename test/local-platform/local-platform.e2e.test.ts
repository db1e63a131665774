/**
 * The offline default for real: a fresh lab (control plane, simulated nodes, Git remote,
 * Argo CD's controllers), the `local` stack deployed with the real engine, Argo CD syncing
 * the example app from the lab's Git remote, checked through the Kubernetes API (not through
 * Pulumi's state or Argo CD's word): self-heal, prune and a new commit measured, Pulumi and
 * Argo CD not fighting, drift on real objects found and remediated by `gitops drift`, every
 * GitOps manifest validated by the API server, and `destroy` with the finalizers in place.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { engineFromToolchain } from "../../automation/engine/toolchain";
import { upstreamInstallObjects } from "../../components/argocd/upstream-manifests";
import { HANDED_OFF_OUTPUT } from "../../components/ownership";
import { LOCAL_STACK_PASSPHRASE, type LocalPlatformReport, startLocalPlatform } from "../../automation/local-platform";
import { buildOne } from "../../gitops/kustomize/build";
import { locateKustomize } from "../../gitops/kustomize/locate";
import { renderLocalPlatformReport } from "../../automation/render/local-platform";
import { KubeClient, labDown, labPublish, PORT_ENV, type LabOptions, type LabPorts } from "../../lab";
import { waitForApplications } from "../../lab/argocd-sync";
import { ApiServer, type ManifestObject } from "./api-server";
import { REPO, type Sandbox, createSandbox, freePorts } from "./sandbox";

const ESO_CRDS = path.join(process.env.GITOPS_TOOLCHAIN_CACHE ?? path.join(process.env.XDG_CACHE_HOME || path.join(require("node:os").homedir(), ".cache"), "gitops-platform"), "external-secrets-v0.16.2", "crds");

describe("the local platform on a real control plane", { timeout: 15 * 60_000 }, () => {
  let sandbox: Sandbox;
  let lab: LabOptions;
  let report: LocalPlatformReport;
  let api: ApiServer;
  const engine = engineFromToolchain();

  const gitops = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${path.join(sandbox.labDir, "pulumi-state")}`,
        PULUMI_CONFIG_PASSPHRASE: LOCAL_STACK_PASSPHRASE,
        ...(engine.pulumiRoot ? { GITOPS_PULUMI_ROOT: engine.pulumiRoot } : {}),
        ...(engine.pulumiHome ? { PULUMI_HOME: engine.pulumiHome } : {}),
      };
      // The engine commands operate on the sandbox's stacks; the others take no work directory.
      const workDir = ["preview", "deploy", "drift"].includes(args[0]!) ? ["--work-dir", sandbox.workDir] : [];
      execFile(process.execPath, [path.join(REPO, "bin/gitops.js"), ...args, ...workDir], { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }));
    });

  before(async () => {
    const ports = await freePorts();
    sandbox = createSandbox(ports);
    lab = { stateDir: sandbox.labDir, ports };
    report = await startLocalPlatform({ workDir: sandbox.workDir, lab, engine });
    api = new ApiServer(KubeClient.fromKubeconfig(path.join(sandbox.labDir, "kubeconfig")));
  });

  after(async () => {
    await labDown({ ...lab, purge: true }).catch(() => undefined);
    fs.rmSync(sandbox.root, { recursive: true, force: true });
  });

  it("deploys the stack, then previews no changes and finds no drift", () => {
    const deployed = report.deploy.stacks[0]!;
    assert.equal(deployed.status, "succeeded", JSON.stringify(deployed.error));
    assert.ok((deployed.counts.create ?? 0) >= 60, `created ${JSON.stringify(deployed.counts)}`);
    assert.equal(report.stackCreated, true);
    assert.equal(report.preview.hasChanges, false);
    assert.equal(report.drift.drifted, false);
    assert.equal(report.ok, true);
    // The program lists every install object it handed off, so drift can leave them to Argo CD.
    const installed = upstreamInstallObjects(fs.readFileSync(path.join(REPO, "argocd/bootstrap/install/install.yaml"), "utf8"), "argocd");
    const handedOff = deployed.outputs[HANDED_OFF_OUTPUT] as string[];
    assert.equal(handedOff.length, installed.length);
    assert.ok(handedOff.every((urn) => urn.includes("$kubernetes:yaml/v2:ConfigGroup$")), handedOff[0]);
  });

  it("creates the objects in the API server with the fields the platform promises", async () => {
    const namespace = await api.get("/api/v1/namespaces/api-service");
    assert.equal(namespace.metadata.labels["gitops-platform.io/team"], "payments");
    assert.equal(namespace.metadata.labels["app.kubernetes.io/managed-by"], "pulumi");
    assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
    const quota = await api.get("/api/v1/namespaces/api-service/resourcequotas/tenant-quota");
    assert.equal(quota.spec.hard.pods, "20");
    assert.ok(await api.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.argoproj.io"));
    const project = await api.get("/apis/argoproj.io/v1alpha1/namespaces/argocd/appprojects/local");
    assert.deepEqual(project.spec.destinations, [{ server: "https://kubernetes.default.svc", namespace: "api-service" }]);
    const self = await api.get("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/argocd");
    assert.ok(self.spec.syncPolicy.syncOptions.includes("ServerSideApply=true"));
    assert.equal(self.metadata.finalizers, undefined);
    const root = await api.get("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/root-local");
    assert.equal(root.spec.source.path, "argocd/applications/local");
    assert.ok(await api.get("/apis/apps/v1/namespaces/argocd/deployments/argocd-server"), "Argo CD's own workloads are applied");
  });

  it("Argo CD syncs every Application to the published commit, and they are Healthy", (t) => {
    const head = sandbox.git("rev-parse", "HEAD");
    assert.equal(report.commit, head);
    t.diagnostic(`Argo CD reconciled ${report.applications.length} Applications in ${report.timingsMs.argocd} ms`);
    assert.deepEqual(report.applications.map((a) => a.name), ["api-service-local", "argocd", "root-local"]);
    for (const app of report.applications) assert.deepEqual([app.name, app.sync, app.health, app.revision], [app.name, "Synced", "Healthy", head]);
  });

  it("runs the example app on the simulated nodes: the Deployment is Available with Ready pods", async () => {
    const deployment = await api.get("/apis/apps/v1/namespaces/api-service/deployments/api-service");
    assert.equal(deployment.spec.replicas, 2);
    assert.equal(deployment.status.readyReplicas, 2);
    assert.ok(deployment.status.conditions.some((c: { type: string; status: string }) => c.type === "Available" && c.status === "True"));
    assert.ok(deployment.metadata.annotations["argocd.argoproj.io/tracking-id"], "tracked by Argo CD");
    const pods = await api.get("/api/v1/namespaces/api-service/pods");
    assert.equal(pods.items.length, 2);
    for (const pod of pods.items) {
      assert.match(pod.spec.nodeName, /^gitops-lab-node-/);
      assert.equal(pod.status.phase, "Running");
    }
  });

  it("self-heals a manual edit of a synced object (replicas and a label)", async (t) => {
    const started = Date.now();
    await api.client.patch("/apis/apps/v1/namespaces/api-service/deployments/api-service", { metadata: { labels: { "app.kubernetes.io/component": "edited-by-hand" } }, spec: { replicas: 5 } });
    await waitFor(async () => {
      const d = await api.get("/apis/apps/v1/namespaces/api-service/deployments/api-service");
      return d.spec.replicas === 2 && d.metadata.labels["app.kubernetes.io/component"] === "api";
    }, "Argo CD to revert the edit", 180_000);
    t.diagnostic(`self-heal took ${Date.now() - started} ms`);
  });

  it("syncs a new commit (an image tag change): push to Synced measured", async (t) => {
    const kustomization = path.join(sandbox.workDir, "apps/overlays/local/api-service/kustomization.yaml");
    fs.writeFileSync(kustomization, fs.readFileSync(kustomization, "utf8").replace("newTag: 6.7.1", "newTag: 6.7.2"));
    sandbox.git("commit", "--quiet", "-am", "api-service: podinfo 6.7.2");
    const commit = sandbox.git("rev-parse", "HEAD");
    const started = Date.now();
    await labPublish(sandbox.workDir, lab);
    await waitForApplications(KubeClient.fromKubeconfig(path.join(sandbox.labDir, "kubeconfig")), { revision: commit }, { timeoutMs: 240_000 });
    t.diagnostic(`push -> Synced and Healthy: ${Date.now() - started} ms`);
    const deployment = await api.get("/apis/apps/v1/namespaces/api-service/deployments/api-service");
    assert.equal(deployment.spec.template.spec.containers[0].image, "ghcr.io/stefanprodan/podinfo:6.7.2");
  });

  it("prunes an object whose manifest a new commit removes", async () => {
    assert.ok(await api.get("/apis/policy/v1/namespaces/api-service/poddisruptionbudgets/api-service"));
    const kustomization = path.join(sandbox.workDir, "apps/overlays/local/api-service/kustomization.yaml");
    const pdbDelete = `  - target:\n      kind: PodDisruptionBudget\n      name: api-service\n    patch: |-\n      $patch: delete\n      apiVersion: policy/v1\n      kind: PodDisruptionBudget\n      metadata:\n        name: api-service\n`;
    fs.writeFileSync(kustomization, fs.readFileSync(kustomization, "utf8").replace("patches:\n", `patches:\n${pdbDelete}`));
    sandbox.git("commit", "--quiet", "-am", "api-service: no PodDisruptionBudget in the lab");
    await labPublish(sandbox.workDir, lab);
    await waitForApplications(KubeClient.fromKubeconfig(path.join(sandbox.labDir, "kubeconfig")), { revision: sandbox.git("rev-parse", "HEAD") }, { timeoutMs: 240_000 });
    await waitFor(async () => !(await api.get("/apis/policy/v1/namespaces/api-service/poddisruptionbudgets/api-service").catch(() => undefined)), "the PodDisruptionBudget to be pruned");
  });

  it("Argo CD managing itself and Pulumi do not fight: the next preview shows no changes", async () => {
    const self = await api.get("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/argocd");
    assert.deepEqual([self.status.sync.status, self.status.health.status], ["Synced", "Healthy"]);
    const preview = await gitops(["preview", "--stack", "local", "--json"]);
    assert.equal(preview.code, 0, preview.stderr);
    assert.equal(JSON.parse(preview.stdout).hasChanges, false, preview.stdout);
  });

  it("keeps the ownership boundary live: no field owned by both Pulumi and Argo CD; the hand-off is tracked by Argo CD", async () => {
    const result = await gitops(["boundary", "--live", "--kubeconfig", path.join(sandbox.labDir, "kubeconfig"), "--json"]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout) as { violations: unknown[]; handedOff: { object: { kind: string; name: string } }[] };
    assert.deepEqual(report.violations, []);
    // The one-time install Pulumi handed to the self-managed Application: co-owned by design, tracked by Argo CD.
    assert.ok(report.handedOff.some((o) => o.object.kind === "CustomResourceDefinition" && o.object.name === "applications.argoproj.io"), JSON.stringify(report.handedOff.slice(0, 3)));
  });

  it("finds an out-of-band edit of a namespace label and a quota, names the properties, and remediates", async () => {
    await api.replace("/api/v1/namespaces/api-service", (ns) => (ns.metadata.labels["gitops-platform.io/team"] = "intruder"));
    await api.replace("/api/v1/namespaces/api-service/resourcequotas/tenant-quota", (q) => (q.spec.hard.pods = "999"));

    const drift = await gitops(["drift", "--stack", "local", "--json"]);
    assert.equal(drift.code, 2, drift.stderr);
    const found = JSON.stringify(JSON.parse(drift.stdout));
    assert.match(found, /gitops-platform\.io\/team/);
    assert.match(found, /intruder/);
    assert.match(found, /hard\.pods|pods/);

    const remediation = await gitops(["drift", "--stack", "local", "--remediate", "--json"]);
    assert.equal(JSON.parse(remediation.stdout).stacks[0].remediation.status, "succeeded", remediation.stderr);
    assert.equal((await api.get("/api/v1/namespaces/api-service")).metadata.labels["gitops-platform.io/team"], "payments");
    assert.equal((await api.get("/api/v1/namespaces/api-service/resourcequotas/tenant-quota")).spec.hard.pods, "20");

    const clean = await gitops(["drift", "--stack", "local", "--json"]);
    assert.equal(clean.code, 0, clean.stderr + clean.stdout);
  });

  it("validates every overlay and every Argo CD manifest in Git with a server-side dry run", async () => {
    for (const file of fs.readdirSync(ESO_CRDS).filter((f) => f.endsWith(".yaml"))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(ESO_CRDS, file), "utf8"))) {
        const crd = doc.toJS() as ManifestObject;
        await api.client.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).catch((e) => assert.match(String(e), /409/));
      }
    }
    await waitFor(async () => Boolean(await api.get("/apis/external-secrets.io/v1").catch(() => undefined)), "External Secrets CRDs to be served");

    const objects: { source: string; object: ManifestObject }[] = [];
    const kustomize = locateKustomize();
    for (const env of fs.readdirSync(path.join(REPO, "apps/overlays")))
      for (const app of fs.readdirSync(path.join(REPO, "apps/overlays", env))) {
        const built = await buildOne(REPO, `apps/overlays/${env}/${app}`, { kustomize });
        assert.ok(built.ok, built.ok ? "" : built.error);
        for (const object of built.objects as ManifestObject[]) objects.push({ source: `apps/overlays/${env}/${app}`, object });
      }
    for (const file of yamlFiles(path.join(REPO, "argocd")))
      for (const doc of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
        const object = doc.toJS() as ManifestObject | null;
        if (object?.kind) objects.push({ source: path.relative(REPO, file), object });
      }
    assert.ok(objects.some((o) => o.object.kind === "ExternalSecret"), "the overlays deliver credentials with ExternalSecrets");
    assert.ok(objects.some((o) => o.object.kind === "Application") && objects.some((o) => o.object.kind === "AppProject"));

    const rejected: string[] = [];
    for (const { source, object } of objects) {
      const result = await api.dryRunApply(object, "api-service");
      if (!result.ok) rejected.push(`${source}: ${object.kind}/${object.metadata.name}: HTTP ${result.status} ${result.message}`);
    }
    assert.deepEqual(rejected, []);

    const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "broken" }, spec: { replicas: "two", selector: {}, template: {} } };
    assert.equal((await api.dryRunApply(broken, "api-service")).ok, false, "the dry run must reject an invalid object");
  });

  it("every command `npm start` prints works as printed, from a clean environment", async () => {
    const lines = renderLocalPlatformReport(report).split("\n");
    const commands = lines.slice(lines.indexOf("Look around:") + 1).map((l) => l.trim()).filter((l) => l && !/^npx gitops lab down\b/.test(l));
    assert.ok(commands.some((c) => c.startsWith("kubectl")) && commands.some((c) => c.startsWith("npx gitops drift")), commands.join("\n"));
    // Only what a user's shell has, plus where this test put its lab (a user's lab needs neither).
    const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, GITOPS_LAB_DIR: sandbox.labDir, ...labPortEnv(lab.ports as LabPorts) };
    if (process.env.GITOPS_TOOLCHAIN_CACHE) env.GITOPS_TOOLCHAIN_CACHE = process.env.GITOPS_TOOLCHAIN_CACHE;
    for (const command of commands) {
      const result = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile("bash", ["-c", `set -e; ${commands[0]}; ${command.replace(/\s+# .*$/, "")}`], { cwd: sandbox.workDir, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr })));
      assert.equal(result.code, 0, `${command}\n${result.output}`);
      if (command.includes("get applications")) assert.match(result.output, /api-service-local\s+Synced\s+Healthy/);
    }
  });

  it("destroy removes what up created", async () => {
    const automation = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    const stack = await automation.LocalWorkspace.selectStack({ stackName: "local", workDir: sandbox.workDir }, {
      envVars: { PULUMI_BACKEND_URL: `file://${path.join(sandbox.labDir, "pulumi-state")}`, PULUMI_CONFIG_PASSPHRASE: LOCAL_STACK_PASSPHRASE, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
      ...(engine.pulumiHome ? { pulumiHome: engine.pulumiHome } : {}),
      ...(engine.pulumiRoot ? { pulumiCommand: await automation.PulumiCommand.get({ root: engine.pulumiRoot }) } : {}),
    });
    const result = await stack.destroy({ color: "never" });
    assert.ok((result.summary.resourceChanges?.delete ?? 0) >= 60, JSON.stringify(result.summary.resourceChanges));
    await waitFor(async () => !(await api.get("/api/v1/namespaces/api-service")), "namespace api-service to be gone");
    assert.equal(await api.get("/apis/argoproj.io/v1alpha1/namespaces/argocd/appprojects/local").catch(() => undefined), undefined);
    assert.equal(await api.get("/api/v1/namespaces/argocd"), undefined);
  });

  it("`npx gitops lab down`, as printed, stops every lab process", async () => {
    const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, GITOPS_LAB_DIR: sandbox.labDir, ...labPortEnv(lab.ports as LabPorts) };
    const result = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile("bash", ["-c", "npx gitops lab down"], { cwd: sandbox.workDir, env }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr })));
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /stopped .*argocd-application-controller.*etcd/);
  });
});

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) && entry.name !== "kustomization.yaml" ? [full] : [];
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const labPortEnv = (ports: LabPorts): Record<string, string> => Object.fromEntries(Object.entries(PORT_ENV).map(([key, name]) => [name, String(ports[key as keyof LabPorts])]));
