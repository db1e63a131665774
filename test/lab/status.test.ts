import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { labStatus } from "../../lab/status";
import { classifyComponent, labHealthy, type ComponentState } from "../../lab/status";
import { ARGOCD_COMPONENTS, COMPONENTS } from "../../lab/components";

const ok = { healthy: true, detail: "ok" };
const failing = { healthy: false, detail: "HTTP 500" };

describe("component status classification", () => {
  it("running: our process is alive and healthy", () => {
    assert.deepEqual(classifyComponent({ pid: 10, pidFile: 10, health: ok }), { state: "running", stalePidFile: false });
  });

  it("unhealthy: alive but failing its health check", () => {
    assert.deepEqual(classifyComponent({ pid: 10, pidFile: 10, health: failing }), { state: "unhealthy", stalePidFile: false });
  });

  it("stopped: no process; a pid file left behind is reported stale", () => {
    assert.deepEqual(classifyComponent({ health: failing }), { state: "stopped", stalePidFile: false });
    assert.deepEqual(classifyComponent({ pidFile: 10, health: failing }), { state: "stopped", stalePidFile: true });
  });

  it("a live instance found although the pid file names another process: running, pid file stale", () => {
    assert.deepEqual(classifyComponent({ pid: 11, pidFile: 10, health: ok }), { state: "running", stalePidFile: true });
  });
});

describe("labHealthy", () => {
  const states = (argo: ComponentState, rest: ComponentState = "running") => COMPONENTS.map((name) => ({ name, state: ARGOCD_COMPONENTS.includes(name as never) ? argo : rest }));
  it("holds without Argo CD (not installed yet, or left out) and with all of it, not with part of it", () => {
    assert.equal(labHealthy(states("stopped")), true);
    assert.equal(labHealthy(states("running")), true);
    const partial = states("running").map((c) => (c.name === "argocd-repo-server" ? { ...c, state: "stopped" as const } : c));
    assert.equal(labHealthy(partial), false);
    assert.equal(labHealthy(states("running", "stopped")), false);
  });
});

describe("labStatus without a running lab", () => {
  it("reports every component stopped, and a pid file naming a foreign process as stale", async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-status-"));
    fs.mkdirSync(path.join(stateDir, "pids"));
    // This test runner's pid: alive, but not an etcd of this lab (pid reuse after a reboot).
    fs.writeFileSync(path.join(stateDir, "pids", "etcd.pid"), `${process.pid}\n`);
    const status = await labStatus({ stateDir, ports: { etcdClient: 1, etcdPeer: 2, apiserver: 3, controllerManager: 4 }, env: {} });
    assert.equal(status.healthy, false);
    assert.deepEqual(
      status.components.map((c) => [c.name, c.state, c.pid, c.stalePidFile]),
      COMPONENTS.map((name) => [name, "stopped", undefined, name === "etcd"]),
    );
    assert.deepEqual(status.readyz, { ok: false, detail: "kube-apiserver is not running" });
    assert.equal(status.kubeconfig, path.join(stateDir, "kubeconfig"));
    assert.equal(status.server, "https://127.0.0.1:3");
    fs.rmSync(stateDir, { recursive: true });
  });
});
