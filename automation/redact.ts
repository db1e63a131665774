/**
 * Secret masking, fail-closed. Every output path (rendered Markdown, JSON
 * reports, progress logs, webhook payloads) goes through one Redactor, which
 * knows three kinds of secret:
 *  - values the engine marks secret (the signature object below, or "[secret]");
 *  - plaintext values of secret stack configuration;
 *  - any string a caller registers (e.g. a generated password read from an output marked secret).
 */

/** The engine serialises a secret as `{ [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, ciphertext | plaintext }`. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** What every secret becomes in output. Matches the engine's own blinding. */
export const MASK = "[secret]";

/** True for the engine's serialised secret objects. */
export function isSecretValue(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

export interface RedactorOptions {
  /**
   * Registered values shorter than this are masked only where a whole value
   * equals them (in `maskValue`), not as substrings of free text, so that a
   * secret like "on" cannot shred every message. Default 4.
   */
  readonly minSubstringLength?: number;
}

export class Redactor {
  private readonly whole = new Set<string>();
  private readonly substrings = new Set<string>();
  private ordered: string[] | undefined;
  private readonly minSubstringLength: number;

  constructor(options: RedactorOptions = {}) {
    this.minSubstringLength = options.minSubstringLength ?? 4;
  }

  /**
   * Registers a sensitive string, with the encodings it is likely to appear in
   * (JSON, base64, HTML). Each line of a multi-line secret (a PEM key) is
   * registered too, because output is masked line by line.
   */
  addSensitive(value: string): void {
    if (value === "" || value === MASK) return;
    this.whole.add(value);
    if (value.length < this.minSubstringLength) return;
    if (value.includes("\n")) {
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= this.minSubstringLength) this.addSensitive(line.trim());
    }
    const forms = [
      value,
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value, "utf8").toString("base64"),
      value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
    ];
    for (const form of forms) this.substrings.add(form);
    this.ordered = undefined;
  }

  /** Registers every string leaf of a value (a secret output may be an object). */
  addSensitiveValue(value: unknown): void {
    if (typeof value === "string") this.addSensitive(value);
    else if (typeof value === "number" || typeof value === "boolean") this.addSensitive(String(value));
    else if (Array.isArray(value)) value.forEach((item) => this.addSensitiveValue(item));
    else if (value !== null && typeof value === "object") Object.values(value).forEach((item) => this.addSensitiveValue(item));
  }

  /** Registers the values of outputs the engine marked secret. */
  addSecretOutputs(outputs: Readonly<Record<string, { value: unknown; secret: boolean }>>): void {
    for (const output of Object.values(outputs)) if (output.secret) this.addSensitiveValue(output.value);
  }

  /** Number of registered values (for tests and diagnostics; never the values themselves). */
  get size(): number {
    return this.whole.size;
  }

  /** Replaces every registered value in free text with MASK. */
  redact(text: string): string {
    if (this.substrings.size === 0) return text;
    // Longest first, so a secret that contains another is masked whole.
    this.ordered ??= [...this.substrings].sort((a, b) => b.length - a.length);
    let result = text;
    for (const secret of this.ordered) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result;
  }

  /**
   * A value with engine secrets replaced by MASK and registered values masked
   * (whole values exactly, strings by substring). Parts with nothing to mask are
   * shared with the input rather than copied (large reports stay cheap).
   */
  maskValue(value: unknown): unknown {
    if (isSecretValue(value)) return MASK;
    if (typeof value === "string") return this.whole.has(value) ? MASK : this.redact(value);
    if ((typeof value === "number" || typeof value === "boolean") && this.whole.has(String(value))) return MASK;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const masked = this.maskValue(value[i]);
        if (masked !== value[i]) (copy ??= [...value])[i] = masked;
      }
      return copy ?? value;
    }
    if (value !== null && typeof value === "object") {
      let copy: Record<string, unknown> | undefined;
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        const masked = this.maskValue(item);
        if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
      }
      return copy ?? value;
    }
    return value;
  }
}
