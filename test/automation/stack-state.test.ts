import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStackState } from "../../automation/engine/stack-state";

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const secret = (value: unknown) => ({ ...SIG, plaintext: JSON.stringify(value) });

describe("parseStackState", () => {
  it("finds every secret in the state and marks the stack's secret outputs", () => {
    const state = parseStackState(
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [
            { type: "pulumi:providers:kubernetes", inputs: { kubeconfig: secret("kubeconfig-body") } },
            { type: "aws:rds/instance:Instance", inputs: { password: secret("db-pass") }, outputs: { password: secret("db-pass"), port: 5432 } },
            { type: "pulumi:pulumi:Stack", outputs: { endpoint: "db.example", dbPassword: secret("db-pass"), config: { token: secret({ id: 7 }) } } },
          ],
        },
      }),
    );
    assert.deepEqual(state.outputs, {
      endpoint: { value: "db.example", secret: false },
      dbPassword: { value: "db-pass", secret: true },
      config: { value: { token: { id: 7 } }, secret: false },
    });
    assert.deepEqual(new Set(state.secrets.map((s) => JSON.stringify(s))), new Set(['"kubeconfig-body"', '"db-pass"', '{"id":7}']));
  });

  it("reads a stack that was never updated", () => {
    assert.deepEqual(parseStackState(JSON.stringify({ version: 3, deployment: { manifest: {} } })), { secrets: [], outputs: {} });
  });
});
