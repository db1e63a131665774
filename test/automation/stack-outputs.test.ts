import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStackOutputs } from "../../automation/engine/stack-outputs";

describe("parseStackOutputs", () => {
  it("marks an output secret where the masked view hides it, and finds nested secrets", () => {
    const masked = { endpoint: "db.example", dbPassword: "[secret]", nested: { token: "[secret]", region: "eu" }, list: ["a", "[secret]"] };
    const shown = { endpoint: "db.example", dbPassword: "pw-1", nested: { token: { id: 7 }, region: "eu" }, list: ["a", "s3cret"] };
    const parsed = parseStackOutputs(JSON.stringify(masked), JSON.stringify(shown));
    assert.deepEqual(parsed.outputs, {
      endpoint: { value: "db.example", secret: false },
      dbPassword: { value: "pw-1", secret: true },
      nested: { value: { token: { id: 7 }, region: "eu" }, secret: false },
      list: { value: ["a", "s3cret"], secret: false },
    });
    assert.deepEqual(parsed.secrets, ["pw-1", { id: 7 }, "s3cret"]);
  });

  it("does not take an output whose value is literally \"[secret]\" for a secret", () => {
    const parsed = parseStackOutputs('{"label":"[secret]"}', '{"label":"[secret]"}');
    assert.deepEqual(parsed, { outputs: { label: { value: "[secret]", secret: false } }, secrets: [] });
  });

  it("reads a stack without outputs, and refuses what is not an object", () => {
    assert.deepEqual(parseStackOutputs("{}\n", ""), { outputs: {}, secrets: [] });
    assert.throws(() => parseStackOutputs("[]", "[]"), /did not print an object/);
  });
});
