import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { lifecycleRules, tlsOnlyPolicy } from "../../components/bucket/bucket-policy";
import type { BucketConfig } from "../../platform/config";
import { MockCloud, settle, valueOf } from "../support/mock-cloud";

const artifacts: BucketConfig = { name: "artifacts", blockPublicAccess: true, noncurrentVersionExpirationDays: 180, transitionToInfrequentAccessDays: 90 };

describe("bucket policy and lifecycle", () => {
  it("denies any request without TLS on the bucket and its objects", () => {
    const statement = tlsOnlyPolicy("arn:aws:s3:::b").Statement[0]!;
    assert.equal(statement.Effect, "Deny");
    assert.deepEqual(statement.Resource, ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
    assert.deepEqual(statement.Condition, { Bool: { "aws:SecureTransport": "false" } });
  });
  it("turns config into lifecycle rules and always aborts stale multipart uploads", () => {
    assert.deepEqual(lifecycleRules(artifacts).map((r) => r.id), ["expire-noncurrent-versions", "abort-incomplete-uploads", "transition-to-ia"]);
    assert.deepEqual(lifecycleRules({ ...artifacts, transitionToInfrequentAccessDays: undefined, expirationDays: 30 }).map((r) => r.id), ["expire-noncurrent-versions", "abort-incomplete-uploads", "expire-current"]);
  });
});

for (const production of [true, false]) {
  describe(`Bucket (${production ? "production" : "staging"})`, () => {
    const cloud = new MockCloud();
    before(async () => {
      await cloud.install();
      const { Bucket } = await import("../../components/bucket/bucket");
      await valueOf(new Bucket("artifacts", { config: artifacts, production }).arn);
      await settle();
    });

    it("blocks all public access, enforces owner ownership, versions and encrypts with KMS", () => {
      const block = cloud.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
      for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(block[flag], true, flag);
      assert.equal(cloud.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule.objectOwnership, "BucketOwnerEnforced");
      assert.equal(cloud.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
      const sse = cloud.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules[0];
      assert.equal(sse.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
      assert.match(sse.applyServerSideEncryptionByDefault.kmsMasterKeyId, /^arn:aws:kms:/);
    });

    it("attaches the TLS-only policy and the lifecycle rules", () => {
      const policy = JSON.parse(cloud.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
      assert.equal(policy.Statement[0].Sid, "DenyInsecureTransport");
      assert.equal(cloud.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules.length, 3);
    });

    it(production ? "is protected and never force-destroyed" : "may be emptied on destroy and is not protected", () => {
      const bucket = cloud.one("aws:s3/bucket:Bucket");
      assert.equal(bucket.inputs.forceDestroy, !production);
      assert.equal(bucket.protect, production);
    });
  });
}

describe("Bucket refusals", () => {
  it("refuses a public production bucket before registering anything", async () => {
    const cloud = new MockCloud();
    await cloud.install();
    const { Bucket } = await import("../../components/bucket/bucket");
    assert.throws(() => new Bucket("open", { config: { ...artifacts, blockPublicAccess: false }, production: true }), /bucket "artifacts": blockPublicAccess = false: expected true in production/);
    await settle();
    assert.deepEqual(cloud.resources.map((r) => `${r.type}::${r.name}`), [], "nothing, not even the component, is registered");
    new Bucket("closed", { config: artifacts, production: true });
    await settle();
    assert.ok(cloud.resources.length > 0, "the same mock records a bucket that is not refused");
  });
});
