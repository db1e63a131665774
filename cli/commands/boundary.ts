/**
 * `gitops boundary --live`: proves the ownership boundary on a running cluster
 * from every object's managedFields and Argo CD's tracking marker (see
 * gitops/boundary/analyze.ts for the rules). Works against any cluster the
 * kubeconfig reaches. Exit 0 clean, 1 violations, 2 not checked (bad arguments,
 * unreachable cluster, or resource types that could not be read): like diff(1),
 * so "broken" and "could not tell" never share a code.
 */
import { type Command, InvalidArgumentError } from "commander";
import { positiveInt } from "../../automation/cli/common";
import type { CommandRuntime } from "../../automation/cli/runtime";
import { analyzeBoundary } from "../../gitops/boundary/analyze";
import { collectLiveObjects, SKIPPED_RESOURCES } from "../../gitops/boundary/collect";
import { managerClassifier } from "../../gitops/boundary/managers";
import { renderBoundaryText } from "../../gitops/boundary/render";
import { parseTrackingMethod, type TrackingMethod } from "../../gitops/boundary/tracking";
import { KubeClient } from "../../lab/kube-client";

export const BOUNDARY_EXIT = { clean: 0, violations: 1, unchecked: 2 } as const;

interface BoundaryOptions {
  readonly live?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly tracking: TrackingMethod;
  readonly pulumiManager?: string[];
  readonly argocdManager?: string[];
  readonly parallel?: number;
  readonly json?: boolean;
}

const trackingOption = (value: string): TrackingMethod => {
  try {
    return parseTrackingMethod(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

export function registerBoundaryCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command("boundary")
    .description("prove the ownership boundary on a live cluster: no field owned by both Pulumi and Argo CD; exit 0 clean, 1 violations, 2 not checked")
    .option("--live", "check the cluster the kubeconfig points at (required: the only mode so far)")
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)")
    .option("--context <name>", "kubeconfig context (default: the current context)")
    .option("--tracking <method>", "how Argo CD tracks objects: annotation (argocd.argoproj.io/tracking-id) or label (also app.kubernetes.io/instance)", trackingOption, "annotation")
    .option("--pulumi-manager <name...>", "extra Pulumi field manager names, e.g. set with pulumi.com/patchFieldManager (default: none)")
    .option("--argocd-manager <name...>", "extra Argo CD field manager names (default: none)")
    .option("--parallel <n>", "resource types listed at once (default: 8)", positiveInt("--parallel"))
    .option("--json", "print the report as JSON (default: text)")
    .exitOverride((error) => {
      // Bad arguments are "not checked", not "violations": main.ts returns this code.
      runtime.exitCode = error.exitCode === 0 ? BOUNDARY_EXIT.clean : BOUNDARY_EXIT.unchecked;
      throw error;
    })
    .action(async (options: BoundaryOptions, command: Command) => {
      if (!options.live) command.error("gitops boundary: pass --live to check a cluster (no other mode exists yet)", { exitCode: BOUNDARY_EXIT.unchecked });
      runtime.exitCode = await runBoundary(runtime, options);
    });
}

async function runBoundary(runtime: CommandRuntime, options: BoundaryOptions): Promise<number> {
  const { io } = runtime;
  const managers = { pulumi: options.pulumiManager ?? [], argocd: options.argocdManager ?? [] };
  try {
    managerClassifier(managers); // a name claimed by both sides fails here, before a cluster-wide list
    const client = KubeClient.connect({
      ...(options.kubeconfig ? { file: options.kubeconfig } : {}),
      ...(options.context ? { context: options.context } : {}),
      env: io.env,
    });
    io.stderr.write(`gitops boundary: listing every object at ${client.server}\n`);
    const collected = await collectLiveObjects(client, { ...(options.parallel ? { parallel: options.parallel } : {}), ...(io.signal ? { signal: io.signal } : {}) });
    io.stderr.write(`gitops boundary: ${collected.objects.length} object(s) of ${collected.resources} resource type(s) in ${collected.durationMs} ms\n`);
    const report = analyzeBoundary(collected.objects, {
      tracking: options.tracking,
      managers,
    });
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ server: client.server, ...report, unreadable: collected.unreadable, skipped: SKIPPED_RESOURCES }, null, 2)}\n`
        : renderBoundaryText(report, collected.unreadable),
    );
    // Violations found are real even when part of the cluster was unreadable; an incomplete clean check proves nothing.
    if (!report.clean) return BOUNDARY_EXIT.violations;
    return collected.unreadable.length > 0 ? BOUNDARY_EXIT.unchecked : BOUNDARY_EXIT.clean;
  } catch (error) {
    io.stderr.write(`gitops boundary: not checked: ${error instanceof Error ? error.message : String(error)}\n`);
    return BOUNDARY_EXIT.unchecked;
  }
}
