import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { mayHoldSecrets, readStackFile } from "../../automation/engine/stack-file";

const stackFileMayHoldSecrets = (dir: string, stack: string) => mayHoldSecrets(readStackFile(dir, stack));

describe("mayHoldSecrets(readStackFile(...))", () => {
  const dir = mkdtempSync(join(tmpdir(), "stack-file-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (stack: string, text: string) => (writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text), stack);

  it("is false only for a file without secure values or ESC environments", () => {
    assert.equal(stackFileMayHoldSecrets(dir, file("plain", "config:\n  app:region: eu\n  app:nested:\n    list: [1, {a: b}]\n")), false);
    assert.equal(stackFileMayHoldSecrets(dir, file("empty", "encryptionsalt: v1:abc\n")), false);
  });

  it("is true for a secure value at any depth, an ESC environment, or a file it cannot read", () => {
    assert.equal(stackFileMayHoldSecrets(dir, file("top", "config:\n  app:password:\n    secure: v1:AAAA\n")), true);
    assert.equal(stackFileMayHoldSecrets(dir, file("deep", "config:\n  app:db:\n    users:\n      - name: x\n        password:\n          secure: v1:AAAA\n")), true);
    assert.equal(stackFileMayHoldSecrets(dir, file("esc", "environment:\n  - prod/secrets\nconfig: {}\n")), true);
    assert.equal(stackFileMayHoldSecrets(dir, file("broken", "config: [unclosed\n")), true);
    assert.equal(stackFileMayHoldSecrets(dir, "missing"), true);
  });
});
