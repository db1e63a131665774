/**
 * Where a lab stack's state lives and how it is unlocked, resolved the same way by
 * `gitops start` and by `gitops preview|deploy|drift --stack local`: a stack whose
 * environment is `local` keeps its state next to the lab it describes and uses the lab's
 * public passphrase, unless the usual Pulumi variables say otherwise.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { labPaths } from "../../lab/paths";

/** The lab stack's passphrase: it guards nothing secret (a loopback lab's own certificates), so it is public. */
export const LOCAL_STACK_PASSPHRASE = "gitops-lab";

/** `file://<lab state dir>/pulumi-state`: the lab stack's backend. */
function labBackendUrl(env: NodeJS.ProcessEnv): string {
  return `file://${path.join(labPaths({ env }).stateDir, "pulumi-state")}`;
}

/** True when Pulumi.<stack>.yaml in workDir declares `gitops-platform:environment: local`. */
function isLabStack(workDir: string, stackName: string): boolean {
  const file = path.join(workDir, `Pulumi.${stackName}.yaml`);
  if (!fs.existsSync(file)) return false;
  const config = (parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config;
  return config?.["gitops-platform:environment"] === "local";
}

/** The engine variables a lab stack needs and the environment does not already set. */
export function labStackEnvVars(input: { workDir: string; stackName: string; env: NodeJS.ProcessEnv }): Record<string, string> {
  if (!isLabStack(input.workDir, input.stackName)) return {};
  const vars: Record<string, string> = {};
  if (!input.env.PULUMI_BACKEND_URL) vars.PULUMI_BACKEND_URL = labBackendUrl(input.env);
  if (!input.env.PULUMI_CONFIG_PASSPHRASE && !input.env.PULUMI_CONFIG_PASSPHRASE_FILE) vars.PULUMI_CONFIG_PASSPHRASE = LOCAL_STACK_PASSPHRASE;
  return vars;
}
