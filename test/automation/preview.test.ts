import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbortedError, type ProgressUpdate, Redactor, preview } from "../../automation";
import { fakeSelector, fixture, lockedError, withPrintedSecret, withoutSummary } from "./helpers/fake-stack";

const noSleep = { attempts: 3, baseDelayMs: 10, sleep: async () => {} };

/** Resources the recorded Kubernetes preview changes, by the engine's own summary. */
const kubernetesChanges = Object.entries(fixture("real-preview-kubernetes.jsonl").find((e) => e.summaryEvent)!.summaryEvent!.resourceChanges)
  .filter(([op]) => op !== "same")
  .reduce((sum, [, n]) => sum + (n ?? 0), 0);

describe("preview", () => {
  it("previews every affected stack and builds the result from engine events", async () => {
    const selectStack = fakeSelector({
      staging: { preview: { events: fixture("real-preview-kubernetes.jsonl") } },
      production: { preview: { events: fixture("real-preview-no-changes.jsonl") } },
    });
    const report = await preview({ selectStack, workDir: "/repo" });
    assert.equal(report.ok, true);
    assert.equal(report.hasChanges, true);
    assert.deepEqual(report.stacks.map((s) => [s.stack, s.status, s.resources.length]), [
      ["staging", "succeeded", kubernetesChanges],
      ["production", "succeeded", 0],
    ]);
    const engineSummary = fixture("real-preview-no-changes.jsonl").find((e) => e.summaryEvent)!.summaryEvent!;
    assert.deepEqual(report.stacks[1]!.counts, engineSummary.resourceChanges, "the engine's own counts");
    assert.deepEqual(Object.keys(report.stacks[1]!.counts), ["same"]);
  });

  it("skips stacks the changed files do not affect", async () => {
    const selectStack = fakeSelector({ production: { preview: { events: fixture("real-preview-no-changes.jsonl") } } });
    const progress: ProgressUpdate[] = [];
    const report = await preview({ selectStack, changedFiles: ["Pulumi.production.yaml"], onProgress: (p) => progress.push(p) });
    assert.deepEqual(report.stacks.map((s) => s.stack), ["production"]);
    assert.deepEqual(report.notAffected, ["staging"]);
    assert.deepEqual(selectStack.log.calls.map((c) => c.stack), ["production"]);
    assert.ok(progress.some((p) => p.kind === "skipped" && p.stack === "staging"));
  });

  it("never runs more stacks at once than the bound", async () => {
    const stacks = ["a", "b", "c", "d", "e", "f", "g"];
    const selectStack = fakeSelector(Object.fromEntries(stacks.map((s) => [s, { preview: { events: fixture("real-preview-no-changes.jsonl"), delayMs: 20 } }])));
    const report = await preview({ selectStack, stacks, parallel: 3 });
    assert.equal(report.stacks.length, 7);
    assert.equal(selectStack.log.maxRunning, 3);
  });

  it("runs stacks in parallel by default (bound 4)", async () => {
    const stacks = ["a", "b", "c", "d", "e", "f"];
    const selectStack = fakeSelector(Object.fromEntries(stacks.map((s) => [s, { preview: { events: [], delayMs: 20 } }])));
    await preview({ selectStack, stacks });
    assert.equal(selectStack.log.maxRunning, 4);
  });

  it("treats a missing summary event as a failure, keeping what was collected", async () => {
    const selectStack = fakeSelector({ staging: { preview: { events: withoutSummary(fixture("real-preview-kubernetes.jsonl")) } } });
    const report = await preview({ selectStack, stacks: ["staging"] });
    assert.equal(report.ok, false);
    const [staging] = report.stacks;
    assert.equal(staging!.status, "failed");
    assert.equal(staging!.error!.kind, "ProgramError");
    assert.match(staging!.error!.message, /without a summary event/);
    assert.equal(staging!.resources.length, kubernetesChanges, "partial results are kept for the report");
  });

  it("retries a locked stack with exponential backoff up to the delay bound, then succeeds", async () => {
    const delays: number[] = [];
    const locked = { error: lockedError };
    const selectStack = fakeSelector({
      staging: { preview: [locked, locked, locked, locked, { events: fixture("real-preview-no-changes.jsonl") }] },
    });
    const report = await preview({
      selectStack,
      stacks: ["staging"],
      lockRetry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 350, sleep: async (ms) => void delays.push(ms) },
    });
    assert.equal(report.ok, true);
    // Doubling (not growing linearly), and never above maxDelayMs.
    assert.deepEqual(delays, [100, 200, 350, 350]);
    assert.equal(selectStack.log.calls.length, 5);
  });

  it("reports StackLockedError once the retries run out, without affecting other stacks", async () => {
    const selectStack = fakeSelector({
      staging: { preview: { error: lockedError } },
      production: { preview: { events: fixture("real-preview-no-changes.jsonl") } },
    });
    const report = await preview({ selectStack, lockRetry: noSleep });
    const staging = report.stacks.find((s) => s.stack === "staging")!;
    assert.equal(staging.error!.kind, "StackLockedError");
    assert.match(staging.error!.message, /still locked after 3 attempt/);
    assert.equal(report.stacks.find((s) => s.stack === "production")!.status, "succeeded");
    assert.equal(selectStack.log.calls.filter((c) => c.stack === "staging").length, 3);
  });

  it("does not retry failures other than a lock", async () => {
    const selectStack = fakeSelector({
      staging: { preview: { events: fixture("real-preview-program-error.jsonl"), error: new Error("error: update failed") } },
    });
    const report = await preview({ selectStack, stacks: ["staging"], lockRetry: noSleep });
    assert.equal(selectStack.log.calls.length, 1);
    assert.equal(report.stacks[0]!.error!.kind, "ProgramError");
    assert.match(report.stacks[0]!.diagnostics[0]!.message, /invalid configuration: replicas must be an integer from 1 to 5, got "9"/);
  });

  it("reports a stack that does not exist", async () => {
    const report = await preview({ selectStack: fakeSelector({}), stacks: ["qa"] });
    assert.equal(report.stacks[0]!.error!.kind, "StackNotFoundError");
  });

  it("masks secret configuration values in everything it returns", async () => {
    const selectStack = fakeSelector({
      staging: { preview: { events: withPrintedSecret(fixture("real-preview-kubernetes.jsonl"), "hunter2-staging-db-password") }, secretConfig: ["hunter2-staging-db-password"] },
    });
    const redactor = new Redactor();
    const report = await preview({ selectStack, stacks: ["staging"], redactor });
    assert.ok(!JSON.stringify(report).includes("hunter2"));
    assert.ok(report.stacks[0]!.diagnostics.some((d) => d.message === "connecting to the database with password [secret]"));
    assert.equal(redactor.redact("x hunter2-staging-db-password"), "x [secret]", "the caller's redactor learned the value");
  });

  it("fails closed when the secret configuration cannot be read to mask it", async () => {
    const selectStack = fakeSelector({
      staging: { preview: { events: fixture("real-preview-kubernetes.jsonl") }, secretConfigError: new Error("error: failed to decrypt: AccessDenied on kms key") },
    });
    const handedOut: unknown[] = [];
    const report = await preview({ selectStack, stacks: ["staging"], onEvent: (e) => handedOut.push(e) });
    assert.equal(report.stacks[0]!.error!.kind, "ConfigurationError");
    assert.match(report.stacks[0]!.error!.message, /cannot read the secret configuration of staging/);
    // The read-only engine run starts beside the secret reads; none of its events may get out.
    assert.ok(selectStack.log.calls.every((c) => c.options.signal?.aborted), "the engine run was cancelled");
    assert.deepEqual([report.stacks[0]!.resources.length, handedOut.length], [0, 0], "no event was collected or handed out");
  });

  it("streams tagged engine events and progress", async () => {
    const recorded = fixture("real-preview-kubernetes.jsonl");
    const events: string[] = [];
    const progress: string[] = [];
    await preview({
      selectStack: fakeSelector({ staging: { preview: { events: recorded } } }),
      stacks: ["staging"],
      onEvent: (e) => events.push(e.stack),
      onProgress: (p) => progress.push(p.kind),
    });
    // The SDK's debug diagnostics dump RPC payloads: they are passed on only when asked for.
    const debug = recorded.filter((e) => (e.diagnosticEvent?.severity as string | undefined) === "debug").length;
    assert.ok(debug > 0, "the recorded stream has debug diagnostics");
    assert.deepEqual(new Set(events), new Set(["staging"]));
    assert.equal(events.length, recorded.length - debug);
    assert.deepEqual([progress[0], progress.at(-1)], ["started", "finished"]);
    const steps = recorded.filter((e) => e.resourcePreEvent && e.resourcePreEvent.metadata.op !== "same");
    assert.equal(steps.length, kubernetesChanges + 2 * 2, "one step per change, two more for each of the two replacements");
    assert.equal(progress.filter((k) => k === "resource").length, steps.length, "one per non-same step");
  });

  it("rejects with AbortedError when aborted, cancelling running engine operations", async () => {
    const controller = new AbortController();
    const selectStack = fakeSelector({
      staging: { preview: { events: [], delayMs: 5_000 } },
      production: { preview: { events: [], delayMs: 5_000 } },
    });
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(preview({ selectStack, signal: controller.signal }), AbortedError);
    assert.ok(Date.now() - started < 2_000, "did not wait for the engine to finish");
    assert.ok(selectStack.log.calls.length > 0 && selectStack.log.calls.every((c) => c.options.signal?.aborted), "the signal reached the engine");
  });
});
