import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { controlPlaneSpecs, CONTROLLERS, type ComponentSpec } from "../../lab/components";
import { resolveLabConfig } from "../../lab/config";
import { labPathsFor } from "../../lab/paths";
import { firstServiceIp } from "../../lab/service-cidr";

const config = resolveLabConfig({ stateDir: "/lab", ports: { etcdClient: 1001, etcdPeer: 1002, apiserver: 1003, controllerManager: 1004, scheduler: 1005 }, env: {} });
const paths = labPathsFor(config.stateDir);
const [etcd, apiserver, controllerManager, scheduler] = controlPlaneSpecs(config, paths, {
  etcd: "/b/etcd",
  kubeApiserver: "/b/kas",
  kubeControllerManager: "/b/kcm",
  kubeScheduler: "/b/ks",
  kwok: "/b/kwok",
  git: "/usr/bin/git",
  gitDaemon: "/usr/lib/git-core/git-daemon",
});
const flag = (spec: ComponentSpec, name: string): string | undefined => spec.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

describe("control plane command lines", () => {
  it("start in dependency order with the resolved binaries", () => {
    assert.deepEqual([etcd.name, apiserver.name, controllerManager.name, scheduler.name], ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]);
    assert.deepEqual([etcd.binary, apiserver.binary, controllerManager.binary, scheduler.binary], ["/b/etcd", "/b/kas", "/b/kcm", "/b/ks"]);
  });

  it("bind every listener to 127.0.0.1 and never to a wildcard address", () => {
    for (const spec of [etcd, apiserver, controllerManager, scheduler]) {
      for (const arg of spec.args) assert.doesNotMatch(arg, /0\.0\.0\.0|\[::\]|localhost:/, `${spec.name}: ${arg}`);
      for (const arg of spec.args.filter((a) => /urls?=/.test(a))) {
        for (const u of arg.split("=").slice(1).join("=").split(",")) assert.match(u.replace(/^gitops-lab=/, ""), /^https:\/\/127\.0\.0\.1:\d+$/, arg);
      }
    }
    assert.equal(flag(apiserver, "bind-address"), "127.0.0.1");
    assert.equal(flag(apiserver, "advertise-address"), "127.0.0.1");
    assert.equal(flag(controllerManager, "bind-address"), "127.0.0.1");
    assert.equal(flag(scheduler, "bind-address"), "127.0.0.1");
    assert.equal(flag(etcd, "listen-client-urls"), "https://127.0.0.1:1001");
    assert.equal(flag(etcd, "listen-peer-urls"), "https://127.0.0.1:1002");
  });

  it("use the configured ports and report them", () => {
    assert.deepEqual(etcd.ports, [1001, 1002]);
    assert.equal(flag(apiserver, "secure-port"), "1003");
    assert.equal(flag(apiserver, "etcd-servers"), "https://127.0.0.1:1001");
    assert.equal(flag(controllerManager, "secure-port"), "1004");
    assert.equal(flag(scheduler, "secure-port"), "1005");
    assert.equal(apiserver.health.url, "https://127.0.0.1:1003/readyz");
  });

  it("require client certificates on etcd and give the apiserver its own", () => {
    assert.equal(flag(etcd, "client-cert-auth"), "true");
    assert.equal(flag(etcd, "peer-client-cert-auth"), "true");
    assert.equal(flag(apiserver, "etcd-certfile"), paths.pki.apiserverEtcdClientCert);
    assert.equal(flag(apiserver, "client-ca-file"), paths.pki.caCert);
  });

  it("wire the ServiceAccount key pair: apiserver verifies and signs, controller manager signs", () => {
    assert.equal(flag(apiserver, "service-account-key-file"), paths.pki.serviceAccountPub);
    assert.equal(flag(apiserver, "service-account-signing-key-file"), paths.pki.serviceAccountKey);
    assert.equal(flag(controllerManager, "service-account-private-key-file"), paths.pki.serviceAccountKey);
    assert.equal(flag(controllerManager, "root-ca-file"), paths.pki.caCert);
  });

  it("run the controller manager alone, as per-controller ServiceAccounts, without node and cloud controllers", () => {
    assert.equal(flag(controllerManager, "kubeconfig"), paths.controllerManagerKubeconfig);
    assert.equal(flag(controllerManager, "leader-elect"), "false");
    assert.equal(flag(controllerManager, "use-service-account-credentials"), "true");
    const controllers = flag(controllerManager, "controllers")?.split(",") ?? [];
    assert.equal(controllers[0], "*");
    for (const off of ["node-ipam-controller", "node-lifecycle-controller", "cloud-node-lifecycle-controller", "service-lb-controller", "node-route-controller"]) {
      assert.ok(controllers.includes(`-${off}`), off);
    }
    assert.equal(flag(controllerManager, "controllers"), CONTROLLERS);
  });

  it("give each component a signature argument naming a file of this lab", () => {
    for (const spec of [etcd, apiserver, controllerManager, scheduler]) {
      assert.ok(spec.args.includes(spec.signature), spec.name);
      assert.ok(spec.signature.includes("/lab/"), spec.signature);
    }
    assert.equal(new Set([etcd.signature, apiserver.signature, controllerManager.signature, scheduler.signature]).size, 4);
  });
});

describe("firstServiceIp", () => {
  it("is the network address plus one", () => {
    assert.equal(firstServiceIp("10.96.0.0/16"), "10.96.0.1");
    assert.equal(firstServiceIp("10.0.0.0/24"), "10.0.0.1");
    assert.equal(firstServiceIp("172.20.5.77/16"), "172.20.0.1");
  });

  it("rejects what is not a usable IPv4 CIDR", () => {
    assert.throws(() => firstServiceIp("10.96.0.0"), /not an IPv4 CIDR/);
    assert.throws(() => firstServiceIp("fd00::/108"), /not an IPv4 CIDR/);
    assert.throws(() => firstServiceIp("300.1.1.0/24"), /not a usable/);
    assert.throws(() => firstServiceIp("10.0.0.0/31"), /not a usable/);
  });
});
