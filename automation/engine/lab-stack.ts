/**
 * Where a lab stack's state lives and how it is unlocked, resolved the same way by
 * `gitops start` and by `gitops preview|deploy|drift --stack local`: a stack whose
 * environment is `local` keeps its state next to the lab it describes and uses the lab's
 * public passphrase, unless the usual Pulumi variables say otherwise.
 */
import * as path from "node:path";
import { labPaths } from "../../lab/paths";
import type { StackFile } from "./stack-file";

/** The lab stack's passphrase: it guards nothing secret (a loopback lab's own certificates), so it is public. */
export const LOCAL_STACK_PASSPHRASE = "gitops-lab";

/** `file://<lab state dir>/pulumi-state`: the lab stack's backend. */
function labBackendUrl(env: NodeJS.ProcessEnv): string {
  return `file://${path.join(labPaths({ env }).stateDir, "pulumi-state")}`;
}

/** The engine variables a lab stack (one whose settings say `gitops-platform:environment: local`) needs and the environment does not already set. */
export function labStackEnvVars(input: { file: StackFile | undefined; env: NodeJS.ProcessEnv }): Record<string, string> {
  const config = input.file?.config as Record<string, unknown> | undefined;
  if (config?.["gitops-platform:environment"] !== "local") return {};
  const vars: Record<string, string> = {};
  if (!input.env.PULUMI_BACKEND_URL) vars.PULUMI_BACKEND_URL = labBackendUrl(input.env);
  if (!input.env.PULUMI_CONFIG_PASSPHRASE && !input.env.PULUMI_CONFIG_PASSPHRASE_FILE) vars.PULUMI_CONFIG_PASSPHRASE = LOCAL_STACK_PASSPHRASE;
  return vars;
}
