import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MASK, Redactor, isSecretValue } from "../../automation";

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };

describe("Redactor", () => {
  it("recognises the engine's secret signature object", () => {
    assert.equal(isSecretValue(SIG), true);
    assert.equal(isSecretValue({ ciphertext: "x" }), false);
    assert.equal(isSecretValue("[secret]"), false);
  });

  it("masks registered values in text, including their JSON-escaped and base64 forms", () => {
    const redactor = new Redactor();
    redactor.addSensitive('pa"ss-word-1');
    const text = `raw pa"ss-word-1, json ${JSON.stringify('pa"ss-word-1')}, b64 ${Buffer.from('pa"ss-word-1').toString("base64")}`;
    const out = redactor.redact(text);
    assert.ok(!out.includes("ss-word-1") && !out.includes(Buffer.from('pa"ss-word-1').toString("base64")), out);
    assert.equal(out.split(MASK).length - 1, 3);
  });

  it("masks each line of a multi-line secret, since output is masked line by line", () => {
    const redactor = new Redactor();
    const pem = "-----BEGIN TEST SECRET-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nbm90LWEtcmVhbC1rZXktanVzdC1hLXRlc3Q\n-----END TEST SECRET-----";
    redactor.addSensitive(pem);
    assert.equal(redactor.redact("engine: bm90LWEtcmVhbC1rZXktanVzdC1hLXRlc3Q (line 3 of the key alone)"), `engine: ${MASK} (line 3 of the key alone)`);
  });

  it("masks the longer of two overlapping secrets whole", () => {
    const redactor = new Redactor();
    redactor.addSensitive("abcd");
    redactor.addSensitive("abcdefgh");
    assert.equal(redactor.redact("x abcdefgh y"), `x ${MASK} y`);
  });

  it("masks short values only as whole values, never as substrings", () => {
    const redactor = new Redactor();
    redactor.addSensitive("on");
    assert.equal(redactor.redact("only one"), "only one");
    assert.deepEqual(redactor.maskValue({ flag: "on", text: "only" }), { flag: MASK, text: "only" });
  });

  it("maskValue replaces engine secrets and registered values deep inside objects", () => {
    const redactor = new Redactor();
    redactor.addSecretOutputs({ dbPassword: { value: { user: "app", password: "gen3rated-Pw" }, secret: true }, url: { value: "u", secret: false } });
    const masked = redactor.maskValue({ a: [SIG, "login gen3rated-Pw now"], b: "app" });
    assert.deepEqual(masked, { a: [MASK, `login ${MASK} now`], b: "[secret]" });
    assert.equal(redactor.size, 2, "only values of secret outputs are registered");
  });
});
