/**
 * Runs the real index.ts against the mock engine with a stack file's config,
 * the way `pulumi up -s <stack>` would run it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { MockCloud, settle, valueOf } from "./mock-cloud";

const ROOT = path.resolve(__dirname, "../..");

/** The config declarations of `Pulumi.yaml`: key → {default?, type?, description}. */
export function projectConfigDeclarations(): Record<string, { default?: unknown; type?: string; description?: string }> {
  return (parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, any> }).config;
}

/**
 * The config a stack's program sees, as the engine assembles it: `Pulumi.<stack>.yaml`
 * over the defaults that `Pulumi.yaml` declares.
 */
export function stackConfig(stack: string): Record<string, unknown> {
  const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
  const values = (parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
  const defaults = Object.entries(projectConfigDeclarations()).filter(([, d]) => d.default !== undefined).map(([k, d]) => [k, d.default]);
  return { ...Object.fromEntries(defaults), ...values };
}

export interface ProgramRun {
  readonly cloud: MockCloud;
  readonly outputs: Record<string, unknown>;
}

/**
 * Runs index.ts for `stack` with its stack file's config, optionally changed by
 * `edit`. Pass `cloud` to see what was registered when the program throws.
 */
export async function runProgram(stack: string, edit?: (config: Record<string, any>) => void, cloud = new MockCloud()): Promise<ProgramRun> {
  const config = structuredClone(stackConfig(stack)) as Record<string, any>;
  edit?.(config);
  await cloud.install({ stack });
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
  );
  const entry = require.resolve(path.join(ROOT, "index.ts"));
  delete require.cache[entry];
  const program = require(entry) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) outputs[name] = await valueOf(value as pulumi.Input<unknown>);
  await settle();
  return { cloud, outputs };
}
