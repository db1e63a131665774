/**
 * The local lab: a real etcd, kube-apiserver, kube-controller-manager and kube-scheduler on
 * loopback, simulated nodes (KWOK: pods go Ready without running anything), a Git remote
 * (`git daemon`) and Argo CD's controllers, so the platform can be tried without a cloud
 * account. The library never prints; pass `progress` to see steps.
 */
export { labUp, type LabUpResult } from "./up";
export { labDown, type LabDownOptions, type LabDownResult, type StoppedComponent } from "./down";
export { labStatus, type ComponentState, type ComponentStatus, type LabStatus } from "./status";
export { labPaths, type LabPaths, type PkiPaths } from "./paths";
export { labPublish } from "./publish";
export { LAB_BRANCH, LAB_REPOSITORY, labRepositoryUrl, type PublishResult } from "./git-remote";
export { listApplications, type ApplicationStatus } from "./argocd-processes";
export { DEFAULT_PORTS, PORT_ENV, resolveLabConfig, type LabOptions, type LabPorts, type LabProgress, type LabBinaryPaths } from "./config";
export { COMPONENTS, type ComponentName } from "./components";
export { MissingBinaryError } from "./binaries";
export { ComponentStartError, PortInUseError } from "./errors";
export { KubeClient, KubeApiError } from "./kube-client";
export { LAB_CONTEXT } from "./kubeconfig";
