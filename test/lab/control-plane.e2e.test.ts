/**
 * The lab against real etcd, kube-apiserver and kube-controller-manager binaries (built
 * by `npm run toolchain -- --lab`; a missing one fails here with that hint). Runs in a
 * temp state dir on free ports, so it never touches a user's lab.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runLabStatus, runLabUp } from "../../cli/commands/lab";
import { KubeClient, labDown, labStatus, labUp, PORT_ENV, PortInUseError, type LabOptions, type LabPorts } from "../../lab";
import { isAlive } from "../../lab/processes";
import { isLoopback, listeningSockets, socketsOf } from "../../lab/sockets";
import { freeLabPorts, freePorts } from "../support/lab-ports";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

const pidsOf = async (options: LabOptions): Promise<Record<string, number>> =>
  Object.fromEntries((await labStatus(options)).components.map((c) => [c.name, c.pid ?? -1]));

describe("gitops lab with real binaries", { timeout: 900_000 }, () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-lab-e2e-"));
  let ports: LabPorts;
  let options: LabOptions;
  const progress: string[] = [];

  before(async () => {
    ports = await freeLabPorts();
    // Argo CD's processes are proven by the local platform's end-to-end test, which installs Argo CD.
    options = { stateDir, ports, argocd: false, progress: (m) => progress.push(m), readyTimeoutMs: 240_000, stopTimeoutMs: 5_000 };
  });

  after(async () => {
    await labDown({ ...options, purge: true }).catch(() => undefined);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("cold up generates certificates, starts the control plane, KWOK and the Git remote, and creates the simulated nodes", async (t) => {
    // Two at once, as when a user runs it in two terminals: the lock makes one start the
    // lab and the other find it running.
    const [first, second] = await Promise.all([labUp(options), labUp(options)]);
    const result = first.alreadyRunning ? second : first;
    assert.equal((first.alreadyRunning ? first : second).alreadyRunning, true);
    t.diagnostic(`cold up: ${result.durationMs} ms`);
    assert.equal(result.alreadyRunning, false);
    assert.deepEqual(result.started, ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "git-daemon"]);
    assert.deepEqual(result.nodesCreated, ["gitops-lab-node-a", "gitops-lab-node-b"]);
    assert.ok(result.certificatesIssued.includes("ca"));
    assert.equal(result.status.healthy, true);
    assert.ok(fs.existsSync(path.join(stateDir, "kubeconfig")));
  });

  it("status reports each component running with its pid and port, and /readyz ok", async () => {
    const status = await labStatus(options);
    assert.equal(status.healthy, true);
    assert.deepEqual(status.readyz, { ok: true, detail: "ok" });
    for (const c of status.components) {
      assert.equal(c.state, "running", c.name);
      assert.ok(c.pid !== undefined && isAlive(c.pid), c.name);
      assert.equal(fs.readFileSync(path.join(stateDir, "pids", `${c.name}.pid`), "utf8").trim(), String(c.pid));
    }
    assert.equal(status.components[1].url, `https://127.0.0.1:${ports.apiserver}`);
    assert.equal(status.server, `https://127.0.0.1:${ports.apiserver}`);
  });

  it("serves the API through the kubeconfig: a namespace gets its ServiceAccount, and deleting it finalizes", async () => {
    const kube = KubeClient.fromKubeconfig(path.join(stateDir, "kubeconfig"));
    const name = `lab-e2e-${process.pid}`;
    await kube.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    await kube.create(`/api/v1/namespaces/${name}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "content" }, data: { a: "b" } });
    // The ServiceAccount controller (controller manager) fills every new namespace.
    await until("the default ServiceAccount in the new namespace", 60_000, () => kube.get(`/api/v1/namespaces/${name}/serviceaccounts/default`));
    await kube.delete(`/api/v1/namespaces/${name}`);
    const terminating = await kube.get<{ status: { phase: string } }>(`/api/v1/namespaces/${name}`);
    assert.ok(terminating === undefined || terminating.status.phase === "Terminating");
    // Only the namespace controller empties it and removes the `kubernetes` finalizer.
    await until("the namespace to disappear", 90_000, async () => ((await kube.get(`/api/v1/namespaces/${name}`)) === undefined ? true : undefined));
  });

  it("garbage-collects a dependent when its owner is deleted", async () => {
    const kube = KubeClient.fromKubeconfig(path.join(stateDir, "kubeconfig"));
    const cms = "/api/v1/namespaces/default/configmaps";
    const owner = await kube.create<{ metadata: { uid: string } }>(cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gc-owner" } });
    await kube.create(cms, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "gc-dependent", ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "gc-owner", uid: owner.metadata.uid }] },
    });
    await kube.delete(`${cms}/gc-owner`);
    await until("the dependent to be collected", 90_000, async () => ((await kube.get(`${cms}/gc-dependent`)) === undefined ? true : undefined));
  });

  it("listens on 127.0.0.1 only, on exactly the configured ports", async (t) => {
    const pids = Object.values(await pidsOf(options));
    const sockets = socketsOf(pids);
    const outside = sockets.filter((s) => !isLoopback(s.address));
    assert.deepEqual(outside, [], `listening beyond loopback: ${JSON.stringify(outside)}`);
    const used = [ports.etcdClient, ports.etcdPeer, ports.apiserver, ports.controllerManager, ports.scheduler, ports.kwok, ports.gitDaemon];
    assert.deepEqual([...new Set(sockets.map((s) => s.port))].sort(), used.sort());
    const memory = pids.map((pid) => /VmHWM:\s+(\d+ kB)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    t.diagnostic(`peak RSS ${Object.keys(await pidsOf(options)).join("/")}: ${memory.join(" / ")}`);
  });

  it("`gitops lab up` again is a no-op that says so, in under a second; `status` exits 0", async (t) => {
    const before = await pidsOf(options);
    const cli = { stateDir, etcdPort: `${ports.etcdClient}`, etcdPeerPort: `${ports.etcdPeer}`, apiserverPort: `${ports.apiserver}`, controllerManagerPort: `${ports.controllerManager}`, argocd: false, publish: false };
    // The other ports have no flags, only variables (as a user moving their lab would set them).
    const saved = { ...process.env };
    for (const [key, name] of Object.entries(PORT_ENV)) process.env[name] = String(ports[key as keyof LabPorts]);
    t.after(() => {
      for (const name of Object.values(PORT_ENV)) if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    });
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) };
    const started = Date.now();
    assert.equal(await runLabUp({ ...cli, json: true }, io), 0);
    const elapsed = Date.now() - started;
    t.diagnostic(`warm up (no-op) through the CLI: ${elapsed} ms`);
    const result = JSON.parse(out.join("\n")) as { alreadyRunning: boolean; started: string[] };
    assert.equal(result.alreadyRunning, true);
    assert.deepEqual(result.started, []);
    assert.match(err.join("\n"), /already running and healthy; nothing to do/);
    assert.ok(elapsed < 1000, `${elapsed} ms`);
    assert.deepEqual(await pidsOf(options), before);
    out.length = 0;
    assert.equal(await runLabStatus(cli, io), 0);
    assert.match(out.join("\n"), /^kube-apiserver\s+running\s+pid \d+/m);
    assert.match(out.join("\n"), /^readyz: ok$/m);
  });

  it("restarts etcd after it is killed, keeping the other components", async (t) => {
    const before = await pidsOf(options);
    process.kill(before.etcd, "SIGKILL");
    await until("etcd to die", 10_000, async () => (isAlive(before.etcd) ? undefined : true));
    assert.equal((await labStatus(options)).components[0].stalePidFile, true);
    const result = await labUp(options);
    t.diagnostic(`restart after etcd was killed: ${result.durationMs} ms`);
    assert.deepEqual(result.restarted, ["etcd"]);
    const after = await pidsOf(options);
    assert.notEqual(after.etcd, before.etcd);
    assert.equal(after["kube-apiserver"], before["kube-apiserver"]);
    assert.equal((await labStatus(options)).healthy, true);
  });

  it("restarts a hung apiserver: alive, but failing /readyz past the grace period", async () => {
    const before = await pidsOf(options);
    process.kill(before["kube-apiserver"], "SIGSTOP");
    const hung = await labStatus(options);
    assert.equal(hung.components[1].state, "unhealthy");
    // Short grace and stop timeouts keep the test quick; the defaults (15 s, 10 s) also cover slow machines.
    const result = await labUp({ ...options, unhealthyGraceMs: 3_000, stopTimeoutMs: 2_000 });
    assert.deepEqual(result.restarted, ["kube-apiserver"]);
    assert.equal(isAlive(before["kube-apiserver"]), false);
    assert.notEqual((await pidsOf(options))["kube-apiserver"], before["kube-apiserver"]);
    assert.equal(result.status.healthy, true);
  });

  it("follows a configuration change: a new apiserver port restarts the apiserver and every process that talks to it", async () => {
    const before = await pidsOf(options);
    const [apiserver] = await freePorts(1);
    ports = { ...ports, apiserver };
    options = { ...options, ports };
    const result = await labUp(options);
    assert.deepEqual(result.restarted, ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"]);
    const after = await pidsOf(options);
    assert.equal(after.etcd, before.etcd);
    const kube = KubeClient.fromKubeconfig(path.join(stateDir, "kubeconfig"));
    assert.equal(kube.server, `https://127.0.0.1:${apiserver}`);
    // The restarted controller manager talks to the apiserver on its new port.
    const name = `lab-e2e-moved-${process.pid}`;
    await kube.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    await until("the default ServiceAccount in the new namespace", 60_000, () => kube.get(`/api/v1/namespaces/${name}/serviceaccounts/default`));
    assert.equal((await labUp(options)).alreadyRunning, true);
  });

  it("refuses to start over a port another process holds, naming the port and the holder", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-lab-e2e-port-"));
    try {
      await assert.rejects(labUp({ stateDir: otherDir, argocd: false, ports: { ...(await freeLabPorts()), controllerManager: taken } }), (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${taken}.*pid ${process.pid}`));
        return true;
      });
      assert.deepEqual(fs.existsSync(path.join(otherDir, "pids")) ? fs.readdirSync(path.join(otherDir, "pids")) : [], [], "nothing was started");
    } finally {
      await new Promise((r) => blocker.close(r));
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("down stops every process and frees every port, keeping the data; up then restarts from it", async (t) => {
    const pids = Object.values(await pidsOf(options));
    const down = await labDown(options);
    t.diagnostic(`down: ${down.durationMs} ms`);
    // git daemon may have a child serving a connection; it is stopped with its parent.
    assert.deepEqual([...new Set(down.stopped.map((s) => s.name))], ["git-daemon", "kwok", "kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd"]);
    assert.ok(down.stopped.every((s) => !s.killed), "all stopped on SIGTERM");
    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid}`);
    const stillListening = listeningSockets().filter((s) => Object.values(ports).includes(s.port));
    assert.deepEqual(stillListening, []);
    assert.ok(fs.existsSync(path.join(stateDir, "pki", "ca.crt")) && fs.existsSync(path.join(stateDir, "etcd")));
    assert.equal((await labStatus(options)).healthy, false);

    const again = await labUp(options);
    t.diagnostic(`up from existing data: ${again.durationMs} ms`);
    assert.deepEqual(again.certificatesIssued, []);
    const kube = KubeClient.fromKubeconfig(path.join(stateDir, "kubeconfig"));
    assert.ok(await kube.get("/api/v1/namespaces/default"));
  });

  it("down --purge stops everything and deletes the state directory", async () => {
    const pids = Object.values(await pidsOf(options));
    const down = await labDown({ ...options, purge: true });
    assert.equal(down.purged, true);
    assert.equal(new Set(down.stopped.map((s) => s.name)).size, 6);
    for (const pid of pids) assert.equal(isAlive(pid), false);
    assert.equal(fs.existsSync(stateDir), false);
  });
});
