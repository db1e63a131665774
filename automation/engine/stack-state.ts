/**
 * What the library needs from a stack's state (`pulumi stack export
 * --show-secrets`, one call): the plaintext of every value the state marks
 * secret, so that a program or provider that prints one is masked, and the
 * stack's outputs with their secrecy. The Automation API needs two calls for the
 * outputs alone and knows nothing of the secrets inside resources.
 */
import { SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../redact";
import type { EngineOutput } from "./stack";

export interface StackState {
  /** Plaintext of every secret in the state: resource inputs and outputs, stack outputs. */
  readonly secrets: unknown[];
  /** The root stack resource's outputs, secrets decoded and marked. */
  readonly outputs: Record<string, EngineOutput>;
}

interface ExportedResource {
  readonly type?: string;
  readonly inputs?: unknown;
  readonly outputs?: Record<string, unknown>;
}

/** Reads the JSON `pulumi stack export --show-secrets` prints (any checkpoint version). */
export function parseStackState(json: string): StackState {
  const exported = JSON.parse(json) as { deployment?: { resources?: ExportedResource[] } };
  const resources = exported.deployment?.resources ?? [];
  const secrets: unknown[] = [];
  const decode = (value: unknown): unknown => decodeSecrets(value, (plain) => secrets.push(plain));
  const outputs: Record<string, EngineOutput> = {};
  for (const resource of resources) {
    decode(resource.inputs);
    if (resource.type === "pulumi:pulumi:Stack") {
      for (const [name, value] of Object.entries(resource.outputs ?? {})) {
        outputs[name] = { value: decode(value), secret: secretPlaintext(value) !== undefined };
      }
    } else {
      decode(resource.outputs);
    }
  }
  return { secrets, outputs };
}

/** The value with every secret envelope replaced by its plaintext, each reported to `found`. */
function decodeSecrets(value: unknown, found: (plain: unknown) => void): unknown {
  const plaintext = secretPlaintext(value);
  if (plaintext !== undefined) {
    const plain = decodeSecrets(plaintext.value, found);
    found(plain);
    return plain;
  }
  if (Array.isArray(value)) return value.map((item) => decodeSecrets(item, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeSecrets(item, found)]));
  }
  return value;
}

/** An exported secret is `{<sig key>: <sig>, plaintext: "<JSON of the value>"}`. */
function secretPlaintext(value: unknown): { value: unknown } | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIGNATURE_KEY] !== SECRET_SIGNATURE || typeof record.plaintext !== "string") return undefined;
  try {
    return { value: JSON.parse(record.plaintext) };
  } catch {
    return { value: record.plaintext };
  }
}
