/**
 * A stack's settings file (`Pulumi.<stack>.yaml`), read once per stack by the seam, and
 * what it says without decrypting anything: whether the stack is a lab stack, and
 * whether it can hold secret configuration at all (no `secure:` value and no ESC
 * environment means none, so no `pulumi config --show-secrets` is started to learn none).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface StackFile {
  readonly config?: unknown;
  readonly environment?: unknown;
}

/** The parsed file; undefined when it is missing (config may live in the service) or not a YAML mapping. */
export function readStackFile(workDir: string, stackName: string): StackFile | undefined {
  try {
    const settings: unknown = parse(fs.readFileSync(path.join(workDir, `Pulumi.${stackName}.yaml`), "utf8"));
    return settings !== null && typeof settings === "object" && !Array.isArray(settings) ? (settings as StackFile) : undefined;
  } catch {
    return undefined;
  }
}

/** False only when the file provably holds no secret configuration; an unknown file means true. */
export function mayHoldSecrets(file: StackFile | undefined): boolean {
  return file === undefined || file.environment !== undefined || hasSecureValue(file.config);
}

function hasSecureValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSecureValue);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, item]) => key === "secure" || hasSecureValue(item));
}
