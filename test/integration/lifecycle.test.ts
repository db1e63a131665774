/**
 * The library against the real engine with a file:// backend: a stack's
 * lifecycle (preview → up → preview without changes) and two updates racing
 * for one stack's lock.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Sandbox } from "./support/sandbox";
import { lifecycleScenario, lockScenario } from "./support/scenarios";

describe("engine lifecycle and locking, file:// backend", { concurrency: true }, () => {
  let sandbox: Sandbox | undefined;

  before(() => {
    sandbox = Sandbox.create("file");
    sandbox.activate();
  });

  after(async () => {
    assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
  });

  it("preview → up → preview shows no changes", async () => {
    await lifecycleScenario(sandbox!);
  });

  it("a second update on a locked stack is retried, then reported as locked; the state stays intact", () => lockScenario(sandbox!));
});
