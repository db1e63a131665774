import assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { DEFAULT_PORTS, resolveLabConfig } from "../../lab/config";
import { labPaths } from "../../lab/paths";

describe("lab config", () => {
  it("defaults to ~/.cache/gitops-platform/lab and the documented ports", () => {
    const config = resolveLabConfig({ env: { HOME: os.homedir() } });
    assert.equal(config.stateDir, path.join(os.homedir(), ".cache", "gitops-platform", "lab"));
    assert.deepEqual(config.ports, {
      etcdClient: 23790,
      etcdPeer: 23800,
      apiserver: 26443,
      controllerManager: 20257,
      scheduler: 20259,
      kwok: 20247,
      gitDaemon: 29418,
      redis: 26379,
      repoServer: 28081,
      repoServerMetrics: 28084,
      applicationControllerMetrics: 28082,
      applicationSetMetrics: 28085,
      applicationSetProbe: 28086,
      applicationSetWebhook: 28087,
    });
  });

  it("takes the state dir from GITOPS_LAB_DIR, and an explicit option over it", () => {
    assert.equal(resolveLabConfig({ env: { GITOPS_LAB_DIR: "/tmp/from-env" } }).stateDir, "/tmp/from-env");
    assert.equal(resolveLabConfig({ stateDir: "/tmp/explicit", env: { GITOPS_LAB_DIR: "/tmp/from-env" } }).stateDir, "/tmp/explicit");
    assert.equal(resolveLabConfig({ env: { XDG_CACHE_HOME: "/xdg" } }).stateDir, "/xdg/gitops-platform/lab");
  });

  it("takes ports from the environment, explicit options winning", () => {
    const config = resolveLabConfig({ ports: { apiserver: 31000 }, env: { GITOPS_LAB_APISERVER_PORT: "32000", GITOPS_LAB_ETCD_PORT: "32379" } });
    assert.equal(config.ports.apiserver, 31000);
    assert.equal(config.ports.etcdClient, 32379);
    assert.equal(config.ports.etcdPeer, DEFAULT_PORTS.etcdPeer);
  });

  it("rejects invalid and colliding ports", () => {
    assert.throws(() => resolveLabConfig({ env: { GITOPS_LAB_ETCD_PORT: "http" } }), /GITOPS_LAB_ETCD_PORT=http is not a port number/);
    assert.throws(() => resolveLabConfig({ ports: { apiserver: 70000 }, env: {} }), /not in 1-65535/);
    assert.throws(() => resolveLabConfig({ ports: { apiserver: 23790 }, env: {} }), /must be distinct/);
  });

  it("lays out the state directory with the kubeconfig at its top", () => {
    const paths = labPaths({ stateDir: "/srv/lab", env: {} });
    assert.equal(paths.kubeconfig, "/srv/lab/kubeconfig");
    assert.equal(paths.pidFile("kube-apiserver"), "/srv/lab/pids/kube-apiserver.pid");
    assert.equal(paths.log("etcd"), "/srv/lab/logs/etcd.log");
    assert.equal(paths.pki.caCert, "/srv/lab/pki/ca.crt");
  });
});
