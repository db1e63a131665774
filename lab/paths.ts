/**
 * LabPaths: the layout of the state directory. Everything the lab writes lives under
 * it (outside the Git tree), so `down --purge` is one directory removal.
 */
import * as path from "node:path";
import { resolveLabConfig, type LabOptions } from "./config";
import type { ComponentName } from "./components";

export interface PkiPaths {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly etcdCert: string;
  readonly etcdKey: string;
  readonly apiserverEtcdClientCert: string;
  readonly apiserverEtcdClientKey: string;
  readonly apiserverCert: string;
  readonly apiserverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly controllerManagerClientCert: string;
  readonly controllerManagerClientKey: string;
  readonly controllerManagerServingCert: string;
  readonly controllerManagerServingKey: string;
  readonly schedulerClientCert: string;
  readonly schedulerClientKey: string;
  readonly schedulerServingCert: string;
  readonly schedulerServingKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

export interface LabPaths {
  readonly stateDir: string;
  /** Written on first `up`; `down --purge` refuses to delete a directory without it. */
  readonly marker: string;
  /** Held while `up` or `down` runs, so two invocations do not start two etcds. */
  readonly lock: string;
  readonly pki: PkiPaths;
  readonly etcdData: string;
  readonly logsDir: string;
  readonly pidsDir: string;
  /** The user's kubeconfig (context `gitops-lab`, admin client certificate). */
  readonly kubeconfig: string;
  /** kube-controller-manager's own kubeconfig (CN=system:kube-controller-manager). */
  readonly controllerManagerKubeconfig: string;
  /** kube-scheduler's own kubeconfig (CN=system:kube-scheduler). */
  readonly schedulerKubeconfig: string;
  /** Bare repositories `git daemon` serves (the lab's Git remote). */
  readonly gitDir: string;
  /** Argo CD's local data: TLS, SSH and GnuPG directories, and Redis' working directory. */
  readonly argocdDir: string;
  log(component: ComponentName): string;
  pidFile(component: ComponentName): string;
}

export function labPathsFor(stateDir: string): LabPaths {
  const pki = path.join(stateDir, "pki");
  const p = (name: string): string => path.join(pki, name);
  const logsDir = path.join(stateDir, "logs");
  const pidsDir = path.join(stateDir, "pids");
  return {
    stateDir,
    marker: path.join(stateDir, ".gitops-lab"),
    lock: path.join(stateDir, ".lock"),
    pki: {
      dir: pki,
      caCert: p("ca.crt"),
      caKey: p("ca.key"),
      etcdCert: p("etcd.crt"),
      etcdKey: p("etcd.key"),
      apiserverEtcdClientCert: p("apiserver-etcd-client.crt"),
      apiserverEtcdClientKey: p("apiserver-etcd-client.key"),
      apiserverCert: p("apiserver.crt"),
      apiserverKey: p("apiserver.key"),
      adminCert: p("admin.crt"),
      adminKey: p("admin.key"),
      controllerManagerClientCert: p("controller-manager-client.crt"),
      controllerManagerClientKey: p("controller-manager-client.key"),
      controllerManagerServingCert: p("controller-manager-serving.crt"),
      controllerManagerServingKey: p("controller-manager-serving.key"),
      schedulerClientCert: p("scheduler-client.crt"),
      schedulerClientKey: p("scheduler-client.key"),
      schedulerServingCert: p("scheduler-serving.crt"),
      schedulerServingKey: p("scheduler-serving.key"),
      serviceAccountKey: p("sa.key"),
      serviceAccountPub: p("sa.pub"),
    },
    etcdData: path.join(stateDir, "etcd"),
    logsDir,
    pidsDir,
    kubeconfig: path.join(stateDir, "kubeconfig"),
    controllerManagerKubeconfig: path.join(stateDir, "controller-manager.kubeconfig"),
    schedulerKubeconfig: path.join(stateDir, "scheduler.kubeconfig"),
    gitDir: path.join(stateDir, "git"),
    argocdDir: path.join(stateDir, "argocd"),
    log: (component) => path.join(logsDir, `${component}.log`),
    pidFile: (component) => path.join(pidsDir, `${component}.pid`),
  };
}

/** Public API: where a lab with these options keeps its files (nothing is created). */
export function labPaths(options: LabOptions = {}): LabPaths {
  return labPathsFor(resolveLabConfig(options).stateDir);
}
