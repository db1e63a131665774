/**
 * Bucket policy and lifecycle rules as data: what the Bucket component applies,
 * readable and testable without a provider.
 */
import type { BucketConfig } from "../../platform/config";
import type { PolicyDocument } from "../iam/policy-documents";

/** Denies every request that does not use TLS. */
export function tlsOnlyPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    }],
  };
}

export interface LifecycleRule {
  id: string;
  status: "Enabled";
  filter: Record<string, never>;
  noncurrentVersionExpiration?: { noncurrentDays: number };
  transitions?: { days: number; storageClass: string }[];
  expiration?: { days: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/** Lifecycle rules from config; incomplete multipart uploads are always cleaned up. */
export function lifecycleRules(config: BucketConfig): LifecycleRule[] {
  const rules: LifecycleRule[] = [
    { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: config.noncurrentVersionExpirationDays } },
    { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
  ];
  if (config.transitionToInfrequentAccessDays !== undefined)
    rules.push({ id: "transition-to-ia", status: "Enabled", filter: {}, transitions: [{ days: config.transitionToInfrequentAccessDays, storageClass: "STANDARD_IA" }] });
  if (config.expirationDays !== undefined)
    rules.push({ id: "expire-current", status: "Enabled", filter: {}, expiration: { days: config.expirationDays } });
  return rules;
}
