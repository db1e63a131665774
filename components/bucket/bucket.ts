import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BucketConfig } from "../../platform/config";
import { lifecycleRules, tlsOnlyPolicy } from "./bucket-policy";

export interface BucketArgs {
  readonly config: BucketConfig;
  /**
   * Production buckets are protected and never force-destroyed; elsewhere a
   * bucket may be emptied on destroy. Default true (the safe side).
   */
  readonly production?: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * An S3 bucket that is private, versioned, encrypted with its own KMS key,
 * TLS-only and owned by the bucket owner, with lifecycle rules from config.
 */
export class Bucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: BucketArgs, opts?: pulumi.ComponentResourceOptions) {
    const production = args.production ?? true;
    // Refused before super(): not even the component may be registered.
    if (production && !args.config.blockPublicAccess)
      throw new Error(`bucket "${args.config.name}": blockPublicAccess = false: expected true in production`);
    super("gitops:storage:Bucket", name, {}, opts);
    const tags = args.tags ?? {};
    const parent = { parent: this };
    const guarded = { parent: this, protect: production };

    const key = new aws.kms.Key(`${name}-objects`, {
      description: `Object encryption for bucket ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags,
    }, guarded);
    const bucket = new aws.s3.Bucket(name, { forceDestroy: !production, tags }, guarded);
    const access = new aws.s3.BucketPublicAccessBlock(name, {
      bucket: bucket.id,
      blockPublicAcls: args.config.blockPublicAccess,
      blockPublicPolicy: args.config.blockPublicAccess,
      ignorePublicAcls: args.config.blockPublicAccess,
      restrictPublicBuckets: args.config.blockPublicAccess,
    }, parent);
    new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(name, {
      bucket: bucket.id,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    }, parent);
    new aws.s3.BucketPolicy(name, {
      bucket: bucket.id,
      policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyPolicy(arn))),
    }, { parent: this, dependsOn: [access] });
    new aws.s3.BucketLifecycleConfiguration(name, { bucket: bucket.id, rules: lifecycleRules(args.config) }, parent);

    this.bucketName = bucket.bucket;
    this.arn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
