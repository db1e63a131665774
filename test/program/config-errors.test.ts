import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runProgram } from "../support/stack-program";

describe("a stack with bad config", () => {
  it("stops before registering any resource, naming key, value and expectation", async () => {
    let registered = -1;
    await assert.rejects(
      runProgram("production", (config) => {
        config["gitops-platform:database"] = { ...config["gitops-platform:database"], deletionProtection: false };
      }).then((run) => { registered = run.cloud.resources.length; }),
      /gitops-platform:database\.deletionProtection = false: expected true in production/,
    );
    assert.equal(registered, -1);
  });
});
