/**
 * Every component of the lab in start order, with placeholder binaries: enough to observe,
 * stop or report on a running lab (which never needs the binaries), so `status` and `down`
 * work without a toolchain. `up` builds the same specs with resolved binaries.
 */
import { argocdSpecs } from "./argocd-processes";
import { controlPlaneSpecs, UNRESOLVED_BINARIES, type ComponentSpec } from "./components";
import type { LabConfig } from "./config";
import { gitDaemonSpec } from "./git-remote";
import { kwokSpec } from "./nodes";
import type { LabPaths } from "./paths";

export function labSpecs(config: LabConfig, paths: LabPaths, options: { argocd: boolean } = { argocd: true }): ComponentSpec[] {
  return [
    ...controlPlaneSpecs(config, paths),
    kwokSpec(config, paths, UNRESOLVED_BINARIES.kwok),
    gitDaemonSpec(config, paths, UNRESOLVED_BINARIES.gitDaemon),
    ...(options.argocd ? argocdSpecs(config, paths) : []),
  ];
}
