import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeSelector, fixture } from "./helpers/fake-stack";

// Resolved through package.json "exports", exactly as a script would import it.
const library = require("gitops-platform/automation") as typeof import("../../automation");

describe("gitops-platform/automation as a library", () => {
  it("exposes the operations through the package entry point", () => {
    for (const name of ["preview", "deploy", "detectDrift", "renderPreviewComment", "Redactor", "classifyError"] as const) {
      assert.equal(typeof library[name], "function", name);
    }
  });

  it("prints nothing while operating: results come back as data", async () => {
    const writes: string[] = [];
    const originals = { out: process.stdout.write, err: process.stderr.write, log: console.log, warn: console.warn, error: console.error };
    const capture = (chunk: unknown): boolean => {
      writes.push(String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    console.log = console.warn = console.error = (...args: unknown[]) => void writes.push(args.join(" "));
    try {
      const selectStack = fakeSelector({
        staging: { preview: { events: fixture("real-preview-kubernetes.jsonl") }, previewRefresh: { events: fixture("real-refresh-kubernetes-drift.jsonl") }, up: { events: fixture("real-up-update.jsonl") } },
      });
      await library.preview({ selectStack, stacks: ["staging"] });
      await library.detectDrift({ selectStack, stacks: ["staging"] });
      await library.deploy({ selectStack, stacks: ["staging"] });
    } finally {
      Object.assign(process.stdout, { write: originals.out });
      Object.assign(process.stderr, { write: originals.err });
      Object.assign(console, { log: originals.log, warn: originals.warn, error: originals.error });
    }
    assert.deepEqual(writes, []);
  });

  it("adds engine defaults only where the user has not set them", () => {
    assert.deepEqual(library.engineEnvironment({}), {
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    });
    assert.deepEqual(library.engineEnvironment({ PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false" }), {
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    });
  });
});
