import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EngineEvent, Redactor } from "../../automation";
import { collectChanges, plainText } from "../../automation/changes";
import { fixture, withPrintedSecret } from "./helpers/fake-stack";

function fold(events: readonly EngineEvent[], redactor = new Redactor()) {
  const collector = collectChanges(redactor);
  events.forEach((event) => collector.add(event));
  return { sawSummary: collector.sawSummary, ...collector.finish() };
}

describe("collectChanges", () => {
  const result = fold(fixture("real-preview-kubernetes.jsonl"));
  const byName = (name: string) => result.resources.find((r) => r.name === name)!;
  const summary = fixture("real-preview-kubernetes.jsonl").find((e) => e.summaryEvent)!.summaryEvent!;

  it("takes counts from the summary event", () => {
    assert.equal(result.sawSummary, true);
    assert.deepEqual(result.counts, summary.resourceChanges);
    assert.deepEqual(Object.keys(result.counts).sort(), ["create", "delete", "replace", "same", "update"]);
    assert.equal(result.durationSeconds, summary.durationSeconds);
  });

  it("lists every resource other than `same`, once per URN", () => {
    // The engine's order: its steps run concurrently.
    assert.deepEqual(result.resources.map((r) => `${r.op} ${r.name}`).sort(), [
      "create feature-b",
      "create feature-c",
      "create feature-d",
      "delete feature-a",
      "replace settings",
      "replace shop",
      "update shop-http",
      "update streams",
    ]);
    const changed = Object.entries(result.counts).filter(([op]) => op !== "same").reduce((sum, [, n]) => sum + n, 0);
    assert.equal(result.resources.length, changed, "as many as the engine counted");
  });

  it("folds the steps of a replacement into one `replace` with every step kept, in the engine's order", () => {
    const deployment = byName("shop");
    assert.deepEqual(deployment.steps, ["create-replacement", "replace", "delete-replaced"]);
    assert.deepEqual(deployment.replacementProperties, ["spec.selector.matchLabels.tier"]);
    assert.equal(deployment.type, "kubernetes:apps/v1:Deployment");
    // A fixed name cannot exist twice: the provider deletes the ConfigMap before creating its replacement.
    assert.deepEqual(byName("settings").steps, ["delete-replaced", "replace", "create-replacement"]);
  });

  it("names changed properties from detailedDiff keys, falling back to diffs", () => {
    assert.deepEqual(byName("streams").changedProperties, ['metadata.labels["gitops-platform.io/team"]']);
    assert.deepEqual(byName("shop-http").changedProperties, ["spec.ports[0].port", "spec.selector.tier"]);
    // The random provider sends no detailedDiff for a replacement, only `diffs`.
    const random = fold(fixture("real-preview-changes.jsonl")).resources.find((r) => r.name === "token")!;
    assert.deepEqual(random.changedProperties, ["keepers"]);
  });

  it("keeps errors and warnings, drops info, debug and ephemeral diagnostics", () => {
    const sent = fixture("real-preview-kubernetes.jsonl").flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent.severity as string] : []));
    assert.ok(sent.includes("info") && sent.includes("debug"), `the stream has info and debug diagnostics: ${[...new Set(sent)].join(", ")}`);
    assert.deepEqual(result.diagnostics.map((d) => d.severity), ["warning", "warning"]);
    const attached = result.diagnostics.find((d) => d.urn)!;
    assert.equal(attached.message, "logLevel debug logs every request body; use it only while investigating", "the engine's trailing newline is gone");
    assert.match(attached.urn!, /ConfigMap::settings$/);
  });

  it("masks registered secrets in diagnostics", () => {
    const secret = "hunter2-staging-db-password";
    const redactor = new Redactor();
    redactor.addSensitive(secret);
    const masked = fold(withPrintedSecret(fixture("real-preview-kubernetes.jsonl"), secret), redactor);
    assert.ok(masked.diagnostics.every((d) => !d.message.includes("hunter2")));
    assert.ok(masked.diagnostics.some((d) => d.message === "connecting to the database with password [secret]"));
  });

  it("reports a stream without summary (a real engine killed mid-update)", () => {
    const killed = fold(fixture("real-up-interrupted.jsonl"));
    assert.equal(killed.sawSummary, false);
    assert.deepEqual(killed.resources.map((r) => [r.name, r.op, r.state]), [["motd", "update", "interrupted"]]);
  });

  it("plainText removes Pulumi colour tags and ANSI codes", () => {
    assert.equal(plainText("<{%fg 1%}>error<{%reset%}> \u001b[31mred\u001b[0m\n"), "error red");
  });
  it("records policy violations and masks the secrets they quote", () => {
    // The toolchain's language host cannot run a policy pack (docs/toolchain.md), so this one event
    // is built from the engine's PolicyEvent type and added to a recorded stream.
    const recorded = fixture("real-preview-kubernetes.jsonl");
    const urn = recorded.find((e) => e.resourcePreEvent?.metadata.op === "replace")!.resourcePreEvent!.metadata.urn;
    const policyEvent = {
      resourceUrn: urn,
      message: "replicas below 2 for hunter2-in-a-message",
      color: "never",
      policyName: "min-replicas",
      policyPackName: "platform-guardrails",
      policyPackVersion: "1.0.0",
      policyPackVersionTag: "1.0.0",
      enforcementLevel: "mandatory" as const,
    };
    const redactor = new Redactor();
    redactor.addSensitive("hunter2-in-a-message");
    const withPolicy = [...recorded.slice(0, -1), { sequence: 9_999, timestamp: 0, policyEvent }, recorded.at(-1)!];
    assert.deepEqual(fold(withPolicy, redactor).policyViolations, [
      { policyPack: "platform-guardrails", policyPackVersion: "1.0.0", policy: "min-replicas", enforcementLevel: "mandatory", message: "replicas below 2 for [secret]", urn },
    ]);
  });
});
