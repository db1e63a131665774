import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { stackNameOf } from "../gitops/repo/stacks";
import { type PlatformConfig, type StackFileConfig, neighbourNetworks, parsePlatformConfig } from "../platform/config";
import { PROJECT_NAME } from "../platform/layout";

const PROJECT_DIR = path.resolve(__dirname, "..");

/**
 * Reads every `gitops-platform:*` key of the current stack, known or not, and
 * validates them together with the VPC blocks of the sibling stacks, so a bad
 * value stops the program before any resource is registered.
 */
export function loadPlatformConfig(): PlatformConfig {
  const all = pulumi.runtime.allConfig();
  const prefix = `${PROJECT_NAME}:`;
  const raw = Object.fromEntries(
    Object.entries(all).filter(([key]) => key.startsWith(prefix)).map(([key, text]) => [key.slice(prefix.length), parseConfigValue(text)]),
  );
  const stack = pulumi.getStack();
  return parsePlatformConfig(stack, raw, { neighbours: neighbourNetworks(stack, all["aws:region"], siblingStackFiles()) });
}

/** Structured config arrives as JSON text; plain strings arrive as they are. */
function parseConfigValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The project's `Pulumi.<stack>.yaml` files, as committed next to Pulumi.yaml. */
function siblingStackFiles(): StackFileConfig[] {
  return fs.readdirSync(PROJECT_DIR).flatMap((file) => {
    const stack = stackNameOf(file);
    if (stack === undefined) return [];
    const document = parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")) as { config?: Record<string, unknown> } | null;
    return [{ stack, config: document?.config ?? {} }];
  });
}
