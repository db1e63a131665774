import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, type PlatformConfig, parsePlatformConfig } from "../platform/config";
import { PROJECT_NAME } from "../platform/layout";

/**
 * Reads every `gitops-platform:*` key of the current stack and validates them
 * together, so a bad value stops the program before any resource is registered.
 */
export function loadPlatformConfig(): PlatformConfig {
  const config = new pulumi.Config(PROJECT_NAME);
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const text = config.get(key);
    if (text === undefined) continue;
    raw[key] = parseConfigValue(text);
  }
  return parsePlatformConfig(pulumi.getStack(), raw);
}

/** Structured config arrives as JSON text; plain strings arrive as they are. */
function parseConfigValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
