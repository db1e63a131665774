import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type KubernetesObject,
  environmentProject,
  lockedDefaultProject,
  platformProject,
  rootApplication,
  selfApplication,
} from "../../platform/argocd-manifests";
import { ARGOCD_NAMESPACE, labels } from "../../platform/layout";
import { chartRepositories } from "../../platform/versions";
import { HANDED_OFF_TO_ARGOCD, PULUMI_OWNS } from "../ownership";
import { upstreamInstallObjects } from "./upstream-manifests";
import { ARGOCD_CHART, ARGOCD_RELEASE, argocdChartValues, platformSourceRepos, selfApplicationSource } from "./install-plan";

export interface ArgoCdArgs {
  /** Environment whose AppProject and root Application this cluster gets. */
  readonly environment: string;
  /** Git repository Argo CD syncs (this repository). */
  readonly repoUrl: string;
  /** Branch, tag or commit to track. Default "main". */
  readonly targetRevision?: string;
  /** `chart` (default): the pinned argo-helm chart. `manifests`: upstream install manifests from `manifestsDir`. */
  readonly install?: "chart" | "manifests";
  /** argo-helm chart version, pinned (platform/versions.ts). */
  readonly chartVersion: string;
  /** Directory holding Argo CD's upstream `install.yaml`; required for `install: manifests`. */
  readonly manifestsDir?: string;
  /** Replicated controllers and redis-ha. Default false; production config turns it on. */
  readonly ha?: boolean;
  /** Namespaces Pulumi provisions for app teams: the environment project's only destinations. */
  readonly tenantNamespaces: readonly string[];
  /**
   * Whether Argo CD's own pods and controllers will run. False on clusters without
   * nodes (the lab): Pulumi does not wait for readiness, and the root Application
   * carries no finalizer that only a running controller could remove. Default true.
   */
  readonly runsWorkloads?: boolean;
  /** Protect the installation against `pulumi destroy`. Default false; production sets it. */
  readonly protect?: boolean;
}

/**
 * Installs Argo CD once, then hands it over to itself.
 *
 * Pulumi owns the namespace, the install (ignoring later changes to it), the
 * AppProjects and the two bootstrap Applications. From then on the `argocd`
 * Application upgrades Argo CD and the root Application syncs the app teams'
 * Applications from `argocd/applications/<env>`; Pulumi never applies the
 * objects those Applications manage.
 */
export class ArgoCd extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** URNs of the one-time install's resources, which the self-managed `argocd` Application takes over. */
  public readonly handedOffUrns: pulumi.Output<string[]>;

  constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:argocd:ArgoCd", name, {}, opts);
    const install = args.install ?? "chart";
    const targetRevision = args.targetRevision ?? "main";
    const ha = args.ha ?? false;
    const git = { repoUrl: args.repoUrl, targetRevision };

    const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, {
      metadata: { name: ARGOCD_NAMESPACE, labels: { [labels.managedBy]: "pulumi" }, annotations: PULUMI_OWNS },
    }, { parent: this, protect: args.protect });

    // After the hand-off Argo CD upgrades itself; Pulumi re-applying the install would fight it.
    const handedOff = { parent: this, dependsOn: [namespace], protect: args.protect, ignoreChanges: ["*"] };
    let installation: pulumi.Resource;
    if (install === "chart") {
      installation = new k8s.helm.v3.Release(`${name}-install`, {
        name: ARGOCD_RELEASE,
        chart: ARGOCD_CHART,
        version: args.chartVersion,
        repositoryOpts: { repo: chartRepositories.argocd },
        namespace: ARGOCD_NAMESPACE,
        createNamespace: false,
        values: argocdChartValues({ ha }),
        skipAwait: args.runsWorkloads === false,
      }, handedOff);
    } else {
      if (!args.manifestsDir) throw new Error(`argocd ${name}: install "manifests" needs manifestsDir (config gitops-platform:argocd.manifestsDir)`);
      const manifest = path.join(args.manifestsDir, "install.yaml");
      installation = new k8s.yaml.v2.ConfigGroup(`${name}-install`, {
        objs: upstreamInstallObjects(readManifest(manifest), ARGOCD_NAMESPACE).map((o) => ({
          ...o,
          metadata: { ...o.metadata, annotations: { ...(o.metadata as { annotations?: Record<string, string> }).annotations, ...HANDED_OFF_TO_ARGOCD } },
        })),
        skipAwait: args.runsWorkloads === false,
      }, handedOff);
    }

    const register = (object: KubernetesObject, dependsOn: pulumi.Resource[]): pulumi.Resource => {
      const owned = { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, ...PULUMI_OWNS } } };
      return new k8s.apiextensions.CustomResource(`${name}-${object.kind.toLowerCase()}-${object.metadata.name}`, owned, { parent: this, dependsOn });
    };
    const projects = [
      lockedDefaultProject(),
      platformProject({ sourceRepos: platformSourceRepos({ install, repoUrl: args.repoUrl }) }),
      environmentProject({ env: args.environment, repoUrl: args.repoUrl, namespaces: args.tenantNamespaces }),
    ].map((project) => register(project, [installation]));
    // The Applications depend on their projects, so `destroy` deletes them first: Argo CD processes an
    // Application's resources finalizer only while its project exists, and would otherwise hang.
    for (const application of [
      selfApplication(selfApplicationSource({ install, chartVersion: args.chartVersion, ha, ...git })),
      rootApplication({ env: args.environment, cascadeDelete: args.runsWorkloads !== false, ...git }),
    ]) register(application, [installation, ...projects]);

    this.namespace = namespace.metadata.name;
    this.handedOffUrns =
      installation instanceof k8s.yaml.v2.ConfigGroup
        ? installation.resources.apply((objects: pulumi.Resource[] | undefined) => pulumi.all((objects ?? []).map((o) => o.urn)))
        : pulumi.output([installation.urn]).apply((urns) => urns);
    this.registerOutputs({ namespace: this.namespace, handedOffUrns: this.handedOffUrns });
  }
}

function readManifest(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`gitops-platform:argocd.manifestsDir: cannot read ${file} (${(error as Error).message})`);
  }
}
