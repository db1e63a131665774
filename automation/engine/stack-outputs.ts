/**
 * A stack's outputs with their secrecy, from the CLI's two views of them:
 * `pulumi stack output --json` (secrets shown as "[secret]", at any depth) and
 * the same with `--show-secrets`. Both are small whatever the stack's size,
 * unlike `pulumi stack export` (18 MB for the lab stack, most of it CRD schemas).
 */
import type { EngineOutput } from "./stack";

export interface StackOutputs {
  readonly outputs: Record<string, EngineOutput>;
  /** Plaintext of every secret among them, nested ones included. */
  readonly secrets: unknown[];
}

const MASKED = "[secret]";

export function parseStackOutputs(maskedJson: string, plainJson: string): StackOutputs {
  const masked = parseObject(maskedJson);
  const plain = parseObject(plainJson);
  const secrets: unknown[] = [];
  const outputs: Record<string, EngineOutput> = {};
  for (const [name, value] of Object.entries(plain)) {
    const view = masked[name];
    outputs[name] = { value, secret: view === MASKED && value !== MASKED };
    collectSecrets(view, value, secrets);
  }
  return { outputs, secrets };
}

/** Every place the masked view hides what the plaintext view shows is a secret. */
function collectSecrets(view: unknown, value: unknown, found: unknown[]): void {
  if (view === MASKED && value !== MASKED) {
    found.push(value);
    return;
  }
  if (view !== null && value !== null && typeof view === "object" && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) collectSecrets((view as Record<string, unknown>)[key], item, found);
  }
}

function parseObject(json: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(json.trim() === "" ? "{}" : json);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("`pulumi stack output --json` did not print an object");
  return parsed as Record<string, unknown>;
}
