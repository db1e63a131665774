import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AbortedError,
  ConfigurationError,
  ProgramError,
  StackLockedError,
  StackNotFoundError,
  classifyError,
} from "../../automation";

const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe("classifyError", () => {
  it("maps the Automation API's classes by name", () => {
    assert.ok(classifyError(named("ConcurrentUpdateError", "x")) instanceof StackLockedError);
    assert.ok(classifyError(named("StackNotFoundError", "x")) instanceof StackNotFoundError);
  });

  it("maps engine messages", () => {
    assert.ok(classifyError(new Error("error: the stack is currently locked by 1 lock(s)")) instanceof StackLockedError);
    assert.ok(classifyError(new Error("error: [409] Conflict: Another update is currently in progress.")) instanceof StackLockedError);
    assert.ok(classifyError(new Error("error: --stack is locked")) instanceof StackLockedError);
    assert.ok(classifyError(new Error("error: no stack named 'qa' found")) instanceof StackNotFoundError);
    assert.ok(classifyError(new Error('invalid configuration for stack "staging":\n - x')) instanceof ConfigurationError);
    assert.ok(classifyError(new Error("error: failed to decrypt encrypted configuration value")) instanceof ConfigurationError);
    assert.ok(classifyError(new Error("error: program failed")) instanceof ProgramError);
    const missing = classifyError(new Error("code: -2\n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"));
    assert.ok(missing instanceof ConfigurationError);
    assert.match(missing.message, /Pulumi CLI was not found/);
  });

  it("lets an aborted signal win over the engine's message", () => {
    const controller = new AbortController();
    controller.abort();
    const error = classifyError(named("ConcurrentUpdateError", "locked"), { signal: controller.signal, stack: "staging" });
    assert.ok(error instanceof AbortedError);
    assert.equal(error.stackName, "staging");
  });

  it("keeps only the engine's error lines from a CommandError dump", () => {
    const dump = "code: 255\n stdout: Previewing update\n lots of output\n stderr: error: something broke\nerror: something broke\n";
    assert.equal(classifyError(new Error(dump)).message, "error: something broke");
  });

  it("serialises to a failure record", () => {
    assert.deepEqual(new ProgramError("boom").toFailure(), { kind: "ProgramError", message: "boom" });
  });
});
