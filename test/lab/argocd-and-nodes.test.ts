import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { applicationStatus, argocdSpecs } from "../../lab/argocd-processes";
import { reconcileVerdict } from "../../lab/argocd-sync";
import { resolveLabConfig } from "../../lab/config";
import { gitDaemonSpec, labRepositoryDir, publishRepository } from "../../lab/git-remote";
import { KWOK_NODE_ANNOTATION, kwokSpec, LAB_NODES, nodeObject, STAGES_FILE } from "../../lab/nodes";
import { labPathsFor } from "../../lab/paths";
import { labSpecs } from "../../lab/specs";
import { freeLabPorts } from "../support/lab-ports";

const config = resolveLabConfig({ stateDir: "/lab", env: {} });
const paths = labPathsFor(config.stateDir);
const binaries = { argocd: "/t/argocd", redisServer: "/usr/bin/redis-server", git: "/usr/bin/git", helm: "/t/helm/helm", kustomize: "/k/kustomize" };

describe("Argo CD's processes", () => {
  const specs = argocdSpecs(config, paths, binaries);
  const byName = new Map(specs.map((s) => [s.name, s]));

  it("start Redis and the repo server before the controllers that use them", () => {
    assert.deepEqual(specs.map((s) => s.name), ["redis", "argocd-repo-server", "argocd-application-controller", "argocd-applicationset-controller"]);
  });

  it("run out of cluster against the lab's kubeconfig, each in its role, without GnuPG", () => {
    for (const spec of specs.filter((s) => s.name !== "redis")) {
      assert.equal(spec.binary, "/t/argocd");
      assert.equal(spec.env?.ARGOCD_BINARY_NAME, spec.name);
      assert.equal(spec.env?.ARGOCD_FAKE_IN_CLUSTER, "true");
      assert.equal(spec.env?.KUBECONFIG, paths.kubeconfig);
      assert.equal(spec.env?.ARGOCD_GPG_ENABLED, "false");
      for (const key of ["ARGOCD_TLS_DATA_PATH", "ARGOCD_SSH_DATA_PATH", "ARGOCD_GNUPGHOME"]) assert.ok(spec.env?.[key]?.startsWith("/lab/argocd/"), key);
    }
    assert.ok(byName.get("argocd-application-controller")!.args.includes("--namespace=argocd"));
    assert.ok(byName.get("argocd-applicationset-controller")!.args.includes("--namespace=argocd"));
  });

  it("give the repo server git, helm and kustomize on its PATH", () => {
    const pathDirs = byName.get("argocd-repo-server")!.env!.PATH!.split(path.delimiter);
    for (const dir of ["/usr/bin", "/t/helm", "/k"]) assert.ok(pathDirs.includes(dir), dir);
  });

  it("listen on the configured loopback ports only, and wire each client to the right one", () => {
    const p = config.ports;
    const controller = byName.get("argocd-application-controller")!;
    assert.ok(controller.args.includes(`--redis=127.0.0.1:${p.redis}`));
    assert.ok(controller.args.includes(`--repo-server=127.0.0.1:${p.repoServer}`));
    assert.ok(byName.get("argocd-repo-server")!.args.includes("--address=127.0.0.1"));
    assert.ok(byName.get("argocd-repo-server")!.args.includes("--metrics-address=127.0.0.1"));
    assert.deepEqual(byName.get("redis")!.args.slice(0, 2), ["--bind", "127.0.0.1"]);
    for (const spec of specs) for (const arg of spec.args) assert.doesNotMatch(arg, /0\.0\.0\.0|^:\d+/, `${spec.name}: ${arg}`);
    assert.equal(new Set(specs.flatMap((s) => s.ports)).size, specs.flatMap((s) => s.ports).length);
  });

  it("are recognised by a signature argument unique to each and naming a file of the lab (pid files may be lost)", () => {
    for (const spec of specs) assert.ok(spec.args.includes(spec.signature), spec.name);
    for (const spec of specs) assert.ok(spec.signature.includes("/lab/"), spec.signature);
    // Unique across the whole lab: KWOK and the control plane must never be taken for an Argo CD process.
    const all = [...labSpecs(config, paths), ...specs];
    assert.equal(new Set(all.map((s) => s.signature)).size, new Set(all.map((s) => s.name)).size);
    // Redis renames its process unless told not to; its argv is how the lab finds it.
    assert.deepEqual(byName.get("redis")!.args.slice(byName.get("redis")!.args.indexOf("--set-proc-title"), byName.get("redis")!.args.indexOf("--set-proc-title") + 2), ["--set-proc-title", "no"]);
  });
});

describe("reconcileVerdict", () => {
  const app = (name: string, sync = "Synced", health = "Healthy", revision = "abc") => applicationStatus({ metadata: { name }, status: { sync: { status: sync, revision }, health: { status: health } } });

  it("is done only when every Application is Synced at the revision and Healthy", () => {
    assert.deepEqual(reconcileVerdict([app("a"), app("b")], { revision: "abc" }), { done: true, waitingFor: [] });
    assert.deepEqual(reconcileVerdict([app("a"), app("b", "OutOfSync", "Progressing", "old")], { revision: "abc" }).waitingFor, ["b: sync OutOfSync, health Progressing, at old"]);
    assert.equal(reconcileVerdict([], { revision: "abc" }).done, false);
  });

  it("waits for a required Application that does not exist yet, and reports a failed operation", () => {
    assert.deepEqual(reconcileVerdict([app("a")], { revision: "abc", required: ["root-local"] }).waitingFor, ["root-local: not created yet"]);
    const failed = applicationStatus({ metadata: { name: "x" }, status: { sync: { status: "Synced", revision: "abc" }, health: { status: "Healthy" }, operationState: { phase: "Failed", message: "one or more objects failed to apply" } } });
    assert.deepEqual(reconcileVerdict([failed], { revision: "abc" }).waitingFor, ["x: Failed: one or more objects failed to apply"]);
  });
});

describe("simulated nodes", () => {
  it("KWOK manages only the lab's annotated nodes, with the lab's stages, on loopback", () => {
    const spec = kwokSpec(config, paths, "/t/kwok");
    assert.ok(spec.args.includes("--manage-all-nodes=false"));
    assert.ok(spec.args.includes(`--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`));
    assert.ok(spec.args.includes(`--config=${STAGES_FILE}`));
    assert.ok(spec.args.includes(`--server-address=127.0.0.1:${config.ports.kwok}`));
    for (const node of LAB_NODES) assert.equal((nodeObject(node).metadata as { annotations: Record<string, string> }).annotations[KWOK_NODE_ANNOTATION], "fake");
  });

  it("the stages make pods Ready, except those of an image tagged :crashloop, which crash-loop", () => {
    const stages = parseAllDocuments(fs.readFileSync(STAGES_FILE, "utf8")).map((d) => d.toJS() as { metadata: { name: string }; spec: { selector: { matchExpressions: { key: string; operator: string; values?: string[] }[] }; next: { statusTemplate?: string } } });
    const byName = new Map(stages.map((s) => [s.metadata.name, s]));
    assert.deepEqual([...byName.keys()].sort(), ["node-initialize", "pod-complete", "pod-crashloop", "pod-delete", "pod-ready"]);
    const crashKey = '[.spec.containers[].image | endswith(":crashloop")] | any';
    assert.deepEqual(byName.get("pod-ready")!.spec.selector.matchExpressions.find((e) => e.key === crashKey), { key: crashKey, operator: "NotIn", values: ["true"] });
    assert.deepEqual(byName.get("pod-crashloop")!.spec.selector.matchExpressions.find((e) => e.key === crashKey), { key: crashKey, operator: "In", values: ["true"] });
    assert.match(byName.get("pod-crashloop")!.spec.next.statusTemplate!, /reason: CrashLoopBackOff/);
  });
});

describe("the lab's Git remote", () => {
  it("is served by git daemon on loopback, read-write, from the state directory", () => {
    const spec = gitDaemonSpec(config, paths, "/usr/lib/git-core/git-daemon");
    assert.equal(spec.binary, "/usr/lib/git-core/git-daemon");
    assert.ok(spec.args.includes(`--base-path=${paths.gitDir}`));
    assert.ok(spec.args.includes("--listen=127.0.0.1"));
    assert.ok(spec.args.includes("--enable=receive-pack"));
    assert.equal(spec.health.url, `git://127.0.0.1:${config.ports.gitDaemon}`);
  });

  it("publishes a checkout's HEAD to branch main, reporting uncommitted changes and republishing as a no-op", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lab-publish-"));
    try {
      const work = path.join(root, "work");
      fs.mkdirSync(work);
      const git = (...args: string[]): string => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t.invalid", ...args], { cwd: work, encoding: "utf8" }).trim();
      git("init", "--quiet");
      fs.writeFileSync(path.join(work, "a.yaml"), "a: 1\n");
      git("add", ".");
      git("commit", "--quiet", "-m", "one");
      const lab = resolveLabConfig({ stateDir: path.join(root, "lab"), ports: await freeLabPorts(), env: {} });
      const labPaths = labPathsFor(lab.stateDir);
      const first = await publishRepository(lab, labPaths, work);
      assert.equal(first.commit, git("rev-parse", "HEAD"));
      assert.equal(first.url, `git://127.0.0.1:${lab.ports.gitDaemon}/gitops-platform.git`);
      assert.deepEqual([first.unchanged, first.uncommittedChanges], [false, false]);
      assert.equal(execFileSync("git", ["rev-parse", "main"], { cwd: labRepositoryDir(labPaths), encoding: "utf8" }).trim(), first.commit);
      fs.writeFileSync(path.join(work, "a.yaml"), "a: 2\n");
      const again = await publishRepository(lab, labPaths, work);
      assert.deepEqual([again.unchanged, again.uncommittedChanges], [true, true]);
      await assert.rejects(publishRepository(lab, labPaths, root), /not inside a Git working tree/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
