/**
 * Secrets inside engine events, failing closed: every value an event marks
 * secret is registered with the Redactor before anything from that event is
 * rendered, and the events handed to `onEvent` callers are masked copies.
 */
import { MASK, type Redactor, SECRET_SIGNATURE, SECRET_SIGNATURE_KEY, isSecretValue } from "../redact";
import type { EngineEvent } from "./events";
import { UNKNOWN_VALUE } from "./events";

/**
 * The Node SDK's debug diagnostics dump RPC payloads flattened to text, where
 * a secret reads `<signature key>,,,<signature>,value,,,<value>,`.
 */
const DUMPED_SECRET = new RegExp(`${SECRET_SIGNATURE},value,,,([^,]*)`, "g");

/** Registers every value `event` marks secret (envelopes with plaintext, dumped secrets in diagnostics). */
export function learnEventSecrets(event: EngineEvent, redactor: Redactor): void {
  const diagnostic = event.diagnosticEvent;
  if (diagnostic) {
    for (const match of diagnostic.message.matchAll(DUMPED_SECRET)) learn(match[1]!, redactor);
    return;
  }
  if (event.resourcePreEvent || event.resOutputsEvent || event.resOpFailedEvent || event.preludeEvent) visit(event, redactor);
}

function visit(value: unknown, redactor: Redactor): void {
  if (value === null || typeof value !== "object") return;
  if (isSecretValue(value)) {
    const envelope = value as Record<string, unknown>;
    // The engine writes the secret's JSON encoding as `plaintext`; blinded ones carry only `ciphertext`.
    const plaintext = envelope.plaintext;
    if (typeof plaintext === "string") {
      learn(plaintext, redactor);
      try {
        redactor.addSensitiveValue(JSON.parse(plaintext));
      } catch {
        // Not JSON: the raw text was registered above.
      }
    }
    if ("value" in envelope) redactor.addSensitiveValue(envelope.value);
    return;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item, redactor);
}

function learn(text: string, redactor: Redactor): void {
  if (text !== MASK && text !== UNKNOWN_VALUE && text !== `"${MASK}"`) redactor.addSensitive(text);
}

export interface RedactEventOptions {
  /** Keep `debug` diagnostics (they dump RPC payloads). Default false: they are dropped. */
  readonly debug?: boolean;
}

/**
 * A masked copy of an event for `onEvent` callers, or undefined when the event
 * is dropped (debug diagnostics, unless asked for). Secret envelopes keep their
 * shape with the value blinded; every string is passed through the Redactor.
 */
export function redactEvent(event: EngineEvent, redactor: Redactor, options: RedactEventOptions = {}): EngineEvent | undefined {
  if ((event.diagnosticEvent?.severity as string | undefined) === "debug" && !options.debug) return undefined;
  return mask(event, redactor) as EngineEvent;
}

/** Copy-on-write: parts with nothing to mask are shared with the event, so a quiet stream costs little. */
function mask(value: unknown, redactor: Redactor): unknown {
  if (typeof value === "string") return redactor.redact(value);
  if (value === null || typeof value !== "object") return value;
  if (isSecretValue(value)) {
    const envelope = value as Record<string, unknown>;
    return Object.keys(envelope).length === 2 && envelope.ciphertext === MASK ? value : { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, ciphertext: MASK };
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const masked = mask(item, redactor);
      if (masked !== item) (copy ??= [...value])[i] = masked;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const masked = mask(item, redactor);
    if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
  }
  return copy ?? value;
}
