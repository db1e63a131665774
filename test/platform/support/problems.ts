import assert from "node:assert/strict";
import { ConfigError, type ParseOptions, parsePlatformConfig } from "../../../platform/config";
import { stackConfig } from "../../support/stack-program";

/** A stack file's config with the project prefix stripped and values as the engine parses them. */
export function raw(stack: string): Record<string, any> {
  return Object.fromEntries(
    Object.entries(stackConfig(stack))
      .filter(([k]) => k.startsWith("gitops-platform:"))
      .map(([k, v]) => [k.slice("gitops-platform:".length), v]),
  );
}

/**
 * The problem lines (`key = value: expected ...`) for a stack file's config after
 * `edit`, parsed as stack `stack`; the config of the stack file named by the part
 * of `stack` before any `-` (so "staging-eu" starts from Pulumi.staging.yaml).
 */
export function problemsOf(stack: string, edit: (c: Record<string, any>) => void, options?: ParseOptions): string[] {
  const file = ["production", "staging", "local"].find((s) => stack.startsWith(s)) ?? "production";
  const config = structuredClone(raw(file));
  edit(config);
  try {
    parsePlatformConfig(stack, config, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    const lines = error.message.split("\n  - ").slice(1);
    assert.equal(error.problems.length, lines.length);
    return lines;
  }
  return [];
}
