/**
 * What a stack's settings file (`Pulumi.<stack>.yaml`) says about its secrets
 * without decrypting anything: a file with no `secure:` value and no ESC
 * environment holds no secret configuration, so the library need not start a
 * `pulumi config --show-secrets` (and derive the key) to learn none.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** False only when the file provably holds no secret configuration; unreadable or unusual means true. */
export function stackFileMayHoldSecrets(workDir: string, stackName: string): boolean {
  let settings: unknown;
  try {
    settings = parse(fs.readFileSync(path.join(workDir, `Pulumi.${stackName}.yaml`), "utf8"));
  } catch {
    return true; // missing (config may live in the service) or not YAML: ask the CLI
  }
  if (settings === null || typeof settings !== "object") return true;
  const { config, environment } = settings as { config?: unknown; environment?: unknown };
  return environment !== undefined || hasSecureValue(config);
}

function hasSecureValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSecureValue);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, item]) => key === "secure" || hasSecureValue(item));
}
