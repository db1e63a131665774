/**
 * Golden files under test/golden. `UPDATE_GOLDENS=1` rewrites them; otherwise a
 * difference fails the test. URNs and timestamps are normalised first so the
 * files only change when the rendering does.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const GOLDEN_DIR = join(__dirname, "..", "..", "golden");

export function normalise(text: string): string {
  return text
    .replace(/urn:pulumi:[^:\s`"]+::[^:\s`"]+::/g, "urn:pulumi:<stack>::<project>::")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, "<timestamp>");
}

export function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  const text = normalise(actual);
  if (process.env.UPDATE_GOLDENS === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  assert.ok(existsSync(file), `golden file ${name} is missing; run the tests with UPDATE_GOLDENS=1 to create it`);
  assert.equal(text, readFileSync(file, "utf8"), `${name} differs from its golden file (UPDATE_GOLDENS=1 rewrites it after review)`);
}
