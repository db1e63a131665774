/**
 * The lifecycle and lock scenarios again with the state in S3: an `s3://`
 * backend against moto's S3 server on 127.0.0.1 (a child of this test).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type LocalS3, startLocalS3 } from "./support/moto";
import { Sandbox } from "./support/sandbox";
import { lifecycleScenario, lockScenario } from "./support/scenarios";

const BUCKET = "gitops-it-state";

describe("engine lifecycle and locking, S3 backend (moto)", { concurrency: true }, () => {
  let s3: LocalS3 | undefined;
  let sandbox: Sandbox | undefined;

  before(async () => {
    s3 = await startLocalS3();
    await s3.createBucket(BUCKET);
    sandbox = Sandbox.create("s3", { backendUrl: s3.backendUrl(BUCKET), env: s3.env });
    sandbox.activate();
  });

  after(async () => {
    try {
      assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
      // `stack rm` keeps a `.json.bak` backup of the checkpoint; a live stack is a `.json`.
      const checkpoints = (await s3?.listKeys(BUCKET))?.filter((key) => key.includes("/stacks/") && key.endsWith(".json"));
      assert.deepEqual(checkpoints, [], "no stack is left in the bucket");
    } finally {
      await s3?.stop();
    }
  });

  it("preview → up → preview shows no changes, with the state in the bucket", async () => {
    const stack = await lifecycleScenario(sandbox!);
    const keys = await s3!.listKeys(BUCKET);
    assert.ok(keys.includes(`.pulumi/stacks/gitops-it/${stack}.json`), `the checkpoint is in S3: ${keys.join(", ")}`);
  });

  it("a second update on a locked stack is retried, then reported as locked; the state stays intact", () => lockScenario(sandbox!));
});
