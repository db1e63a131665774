import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Redactor } from "../../automation";
import { collectChanges, plainText } from "../../automation/changes";
import { fixture } from "./helpers/fake-stack";

function fold(name: string, redactor = new Redactor()) {
  const collector = collectChanges(redactor);
  fixture(name).forEach((event) => collector.add(event));
  return { sawSummary: collector.sawSummary, ...collector.finish() };
}

describe("collectChanges", () => {
  const result = fold("preview-staging.jsonl");
  const byName = (name: string) => result.resources.find((r) => r.name === name)!;

  it("takes counts from the summary event", () => {
    assert.equal(result.sawSummary, true);
    assert.deepEqual(result.counts, { create: 2, delete: 1, replace: 1, same: 2, update: 2 });
    assert.equal(result.durationSeconds, 12);
  });

  it("lists every resource other than `same`, once per URN", () => {
    assert.deepEqual(result.resources.map((r) => `${r.op} ${r.name}`), [
      "update artifacts",
      "replace nodes",
      "update app",
      "create app-master",
      "create payments",
      "delete legacy-flow-logs",
    ]);
  });

  it("folds the steps of a replacement into one `replace` with every step kept", () => {
    const sg = byName("nodes");
    assert.deepEqual(sg.steps, ["create-replacement", "replace", "delete-replaced"]);
    assert.deepEqual(sg.replacementProperties, ["description"]);
    assert.equal(sg.type, "aws:ec2/securityGroup:SecurityGroup");
  });

  it("names changed properties from detailedDiff keys, falling back to diffs", () => {
    assert.deepEqual(byName("artifacts").changedProperties, ['tags["cost-center"]', 'tagsAll["cost-center"]']);
    assert.deepEqual(byName("app").changedProperties, ["instanceClass"], "detailedDiff is null for the RDS update");
  });

  it("keeps errors and warnings, drops info and ephemeral diagnostics, strips colour markup", () => {
    assert.deepEqual(result.diagnostics.map((d) => d.severity), ["warning", "warning"]);
    assert.equal(result.diagnostics[0]!.message, "aws:s3/bucketV2:BucketV2 is deprecated: s3.BucketV2 has been deprecated in favor of s3.Bucket");
    assert.match(result.diagnostics[0]!.urn!, /BucketV2::artifacts$/);
  });

  it("masks registered secrets in diagnostics", () => {
    const redactor = new Redactor();
    redactor.addSensitive("hunter2-staging-db-password");
    const masked = fold("preview-staging.jsonl", redactor);
    assert.ok(masked.diagnostics.every((d) => !d.message.includes("hunter2")));
    assert.ok(masked.diagnostics.some((d) => d.message.includes("[secret]")));
  });

  it("records policy violations", () => {
    assert.deepEqual(result.policyViolations.map((p) => [p.policyPack, p.policy, p.enforcementLevel]), [
      ["gitops-platform-policies", "s3-bucket-logging", "advisory"],
    ]);
  });

  it("reports a stream without summary (a real engine killed mid-update)", () => {
    const killed = fold("real-up-interrupted.jsonl");
    assert.equal(killed.sawSummary, false);
    assert.deepEqual(killed.resources.map((r) => [r.name, r.op, r.state]), [["motd", "update", "interrupted"]]);
  });

  it("plainText removes Pulumi colour tags and ANSI codes", () => {
    assert.equal(plainText("<{%fg 1%}>error<{%reset%}> \u001b[31mred\u001b[0m\n"), "error red");
  });
});
