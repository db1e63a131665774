/**
 * The control plane's components and the exact command lines they run with.
 * Pure: given a config, paths and binaries, it returns specs; tests check the flags
 * (loopback-only binding, TLS everywhere, the controllers list) without starting anything.
 */
import type { LabConfig } from "./config";
import type { LabPaths } from "./paths";
import { firstServiceIp } from "./service-cidr";

/** The control plane, in start order: the API server needs etcd, the controllers need the API server. */
export const CONTROL_PLANE = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;
/** Simulated nodes (KWOK) and the Git remote Argo CD pulls from. */
export const CLUSTER_SERVICES = ["kwok", "git-daemon"] as const;
/** Argo CD's processes, in start order: Redis and the repo server before the controllers that use them. */
export const ARGOCD_COMPONENTS = ["redis", "argocd-repo-server", "argocd-application-controller", "argocd-applicationset-controller"] as const;
/** Every component of the lab, in start order. */
export const COMPONENTS = [...CONTROL_PLANE, ...CLUSTER_SERVICES, ...ARGOCD_COMPONENTS] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface ResolvedBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kwok: string;
  readonly git: string;
  /** git's own daemon program (`git --exec-path`/git-daemon). */
  readonly gitDaemon: string;
}

/**
 * How to ask a component whether it is healthy, by the URL's scheme: an HTTPS GET with a
 * client certificate (ca, cert and key set), a plain HTTP GET, a Redis PING (redis://) or a
 * TCP connection (git://).
 */
export interface HealthProbe {
  readonly url: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** The body a healthy component answers (etcd answers JSON, the others "ok"). */
  readonly healthy: (body: string) => boolean;
}

export interface ComponentSpec {
  readonly name: ComponentName;
  readonly binary: string;
  readonly args: readonly string[];
  /** Every port it listens on, all on 127.0.0.1; the first is the one users talk to. */
  readonly ports: readonly number[];
  readonly health: HealthProbe;
  /** Variables added to the lab's own environment for this process. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * An argument only this lab's instance has (it names a file in the state dir). It
   * recognises our process in /proc when a pid file is lost or the pid was reused.
   */
  readonly signature: string;
}

export const LOOPBACK = "127.0.0.1";
export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

/**
 * Controllers the lab runs: all defaults except those that need nodes or a cloud. Without
 * a kubelet they would only log errors (node IPAM, node lifecycle) or wait forever for a
 * cloud provider (service load balancers, routes, cloud node lifecycle).
 */
export const CONTROLLERS = [
  "*",
  "-node-ipam-controller",
  "-node-lifecycle-controller",
  "-cloud-node-lifecycle-controller",
  "-service-lb-controller",
  "-node-route-controller",
].join(",");

export const loopbackUrl = (scheme: "http" | "https" | "redis" | "git", port: number): string => `${scheme}://${LOOPBACK}:${port}`;

export function etcdSpec(config: LabConfig, paths: LabPaths, binary: string): ComponentSpec {
  const { etcdClient, etcdPeer } = config.ports;
  const pki = paths.pki;
  const dataDir = `--data-dir=${paths.etcdData}`;
  return {
    name: "etcd",
    binary,
    args: [
      "--name=gitops-lab",
      dataDir,
      `--listen-client-urls=${loopbackUrl("https", etcdClient)}`,
      `--advertise-client-urls=${loopbackUrl("https", etcdClient)}`,
      `--listen-peer-urls=${loopbackUrl("https", etcdPeer)}`,
      `--initial-advertise-peer-urls=${loopbackUrl("https", etcdPeer)}`,
      `--initial-cluster=gitops-lab=${loopbackUrl("https", etcdPeer)}`,
      "--initial-cluster-state=new",
      // Mutual TLS on loopback too: any local user could otherwise read every Secret.
      `--cert-file=${pki.etcdCert}`,
      `--key-file=${pki.etcdKey}`,
      `--trusted-ca-file=${pki.caCert}`,
      "--client-cert-auth=true",
      `--peer-cert-file=${pki.etcdCert}`,
      `--peer-key-file=${pki.etcdKey}`,
      `--peer-trusted-ca-file=${pki.caCert}`,
      "--peer-client-cert-auth=true",
    ],
    ports: [etcdClient, etcdPeer],
    health: {
      url: `${loopbackUrl("https", etcdClient)}/health`,
      ca: pki.caCert,
      cert: pki.apiserverEtcdClientCert,
      key: pki.apiserverEtcdClientKey,
      healthy: (body) => /"health"\s*:\s*"true"/.test(body),
    },
    signature: dataDir,
  };
}

export function apiserverSpec(config: LabConfig, paths: LabPaths, binary: string): ComponentSpec {
  const pki = paths.pki;
  const tlsCert = `--tls-cert-file=${pki.apiserverCert}`;
  return {
    name: "kube-apiserver",
    binary,
    args: [
      `--etcd-servers=${loopbackUrl("https", config.ports.etcdClient)}`,
      `--etcd-cafile=${pki.caCert}`,
      `--etcd-certfile=${pki.apiserverEtcdClientCert}`,
      `--etcd-keyfile=${pki.apiserverEtcdClientKey}`,
      `--bind-address=${LOOPBACK}`,
      `--advertise-address=${LOOPBACK}`,
      `--secure-port=${config.ports.apiserver}`,
      tlsCert,
      `--tls-private-key-file=${pki.apiserverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--service-cluster-ip-range=${config.serviceCidr}`,
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      "--authorization-mode=RBAC",
      // Endpoint validation rejects loopback addresses, so the `kubernetes` Service's
      // endpoints could never be written with --advertise-address=127.0.0.1; without a
      // reconciler the apiserver does not retry (and log) that every 10 s.
      "--endpoint-reconciler-type=none",
      "--profiling=false",
    ],
    ports: [config.ports.apiserver],
    health: {
      url: `${loopbackUrl("https", config.ports.apiserver)}/readyz`,
      ca: pki.caCert,
      cert: pki.adminCert,
      key: pki.adminKey,
      healthy: (body) => body.trim() === "ok",
    },
    signature: tlsCert,
  };
}

export function controllerManagerSpec(config: LabConfig, paths: LabPaths, binary: string): ComponentSpec {
  const pki = paths.pki;
  const kubeconfig = `--kubeconfig=${paths.controllerManagerKubeconfig}`;
  return {
    name: "kube-controller-manager",
    binary,
    args: [
      kubeconfig,
      // No --authentication/authorization-kubeconfig: delegated auth would read the
      // front-proxy CA from kube-system/extension-apiserver-authentication, which this
      // lab's apiserver (no aggregation layer) does not publish, and log that forever.
      // Its port then serves only the always-allowed /healthz, /readyz and /livez.
      `--bind-address=${LOOPBACK}`,
      `--secure-port=${config.ports.controllerManager}`,
      `--tls-cert-file=${pki.controllerManagerServingCert}`,
      `--tls-private-key-file=${pki.controllerManagerServingKey}`,
      `--client-ca-file=${pki.caCert}`,
      // Each controller acts as its own ServiceAccount, as in a real cluster, so RBAC
      // problems show up here the way they would there.
      "--use-service-account-credentials=true",
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      `--service-cluster-ip-range=${config.serviceCidr}`,
      `--controllers=${CONTROLLERS}`,
      // A single instance: leader election would only add a Lease write every 2 s.
      "--leader-elect=false",
      "--profiling=false",
    ],
    ports: [config.ports.controllerManager],
    health: {
      url: `${loopbackUrl("https", config.ports.controllerManager)}/healthz`,
      ca: pki.caCert,
      cert: pki.adminCert,
      key: pki.adminKey,
      healthy: (body) => body.trim() === "ok",
    },
    signature: kubeconfig,
  };
}

export function schedulerSpec(config: LabConfig, paths: LabPaths, binary: string): ComponentSpec {
  const pki = paths.pki;
  const kubeconfig = `--kubeconfig=${paths.schedulerKubeconfig}`;
  return {
    name: "kube-scheduler",
    binary,
    args: [
      kubeconfig,
      // As for the controller manager: no delegated authentication, so only the
      // always-allowed /healthz, /readyz and /livez are served.
      `--bind-address=${LOOPBACK}`,
      `--secure-port=${config.ports.scheduler}`,
      `--tls-cert-file=${pki.schedulerServingCert}`,
      `--tls-private-key-file=${pki.schedulerServingKey}`,
      `--client-ca-file=${pki.caCert}`,
      "--leader-elect=false",
      "--profiling=false",
    ],
    ports: [config.ports.scheduler],
    health: {
      url: `${loopbackUrl("https", config.ports.scheduler)}/healthz`,
      ca: pki.caCert,
      cert: pki.adminCert,
      key: pki.adminKey,
      healthy: (body) => body.trim() === "ok",
    },
    signature: kubeconfig,
  };
}

/**
 * Bare names in place of resolved paths: enough to observe, stop or report on a running
 * lab (which never needs the binaries), so `status` and `down` work without a toolchain.
 */
export const UNRESOLVED_BINARIES: ResolvedBinaries = {
  etcd: "etcd",
  kubeApiserver: "kube-apiserver",
  kubeControllerManager: "kube-controller-manager",
  kubeScheduler: "kube-scheduler",
  kwok: "kwok",
  git: "git",
  gitDaemon: "git-daemon",
};

/** The control plane's specs, in start order. */
export function controlPlaneSpecs(config: LabConfig, paths: LabPaths, binaries: ResolvedBinaries = UNRESOLVED_BINARIES): readonly ComponentSpec[] {
  return [
    etcdSpec(config, paths, binaries.etcd),
    apiserverSpec(config, paths, binaries.kubeApiserver),
    controllerManagerSpec(config, paths, binaries.kubeControllerManager),
    schedulerSpec(config, paths, binaries.kubeScheduler),
  ];
}

/** The `kubernetes` Service IP: it must be a SAN of the serving certificate. */
export const apiserverServiceIp = (config: LabConfig): string => firstServiceIp(config.serviceCidr);
