import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { parameterGroupFamily } from "../../components/postgres/settings";
import type { DatabaseConfig } from "../../platform/config";
import { MockCloud, isSecretInput, settle, valueOf } from "../support/mock-cloud";

const production: DatabaseConfig = {
  name: "app", engineVersion: "17.4", instanceClass: "db.r6g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 500,
  multiAz: true, deletionProtection: true, skipFinalSnapshot: false, backupRetentionDays: 14,
};

describe("parameterGroupFamily", () => {
  it("derives the family from the major version and rejects nonsense", () => {
    assert.equal(parameterGroupFamily("17.4"), "postgres17");
    assert.equal(parameterGroupFamily("16"), "postgres16");
    assert.throws(() => parameterGroupFamily("latest"), /database\.engineVersion = "latest": expected a PostgreSQL version/);
  });
});

describe("PostgresDatabase", () => {
  const cloud = new MockCloud();
  let db: import("../../components/postgres/postgres-database").PostgresDatabase;

  before(async () => {
    await cloud.install();
    const { PostgresDatabase } = await import("../../components/postgres/postgres-database");
    db = new PostgresDatabase("app", {
      config: production, environment: "production", vpcId: "vpc-1", privateSubnetIds: ["s1", "s2", "s3"],
      clientSecurityGroupId: "sg-nodes", protect: true,
    });
    await valueOf(db.secretArn);
    await settle();
  });

  it("keeps production data safe: Multi-AZ, deletion protection, final snapshot, backups, protect", () => {
    const instance = cloud.one("aws:rds/instance:Instance");
    assert.equal(instance.inputs.multiAz, true);
    assert.equal(instance.inputs.deletionProtection, true);
    assert.equal(instance.inputs.skipFinalSnapshot, false);
    assert.equal(instance.inputs.finalSnapshotIdentifier, "app-final");
    assert.equal(instance.inputs.backupRetentionPeriod, 14);
    assert.equal(instance.protect, true);
    assert.equal(cloud.one("aws:secretsmanager/secret:Secret").protect, true);
  });

  it("encrypts storage with its own rotating KMS key and stays private", () => {
    const instance = cloud.one("aws:rds/instance:Instance").inputs;
    assert.equal(instance.storageEncrypted, true);
    assert.equal(cloud.one("aws:kms/key:Key").name, "app-storage");
    assert.equal(instance.kmsKeyId, "arn:aws:kms:eu-west-1:123456789012:app-storage");
    assert.equal(instance.publiclyAccessible, false);
    assert.equal(cloud.one("aws:kms/key:Key").inputs.enableKeyRotation, true);
  });

  it("forces TLS through its parameter group", () => {
    const group = cloud.one("aws:rds/parameterGroup:ParameterGroup").inputs;
    assert.equal(group.family, "postgres17");
    assert.deepEqual(group.parameters, [{ name: "rds.force_ssl", value: "1" }]);
    assert.equal(cloud.one("aws:rds/instance:Instance").inputs.parameterGroupName, "app");
  });

  it("admits 5432 only from the nodes' security group", () => {
    const rules = cloud.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.inputs.referencedSecurityGroupId, "sg-nodes");
    assert.equal(rules[0]!.inputs.fromPort, 5432);
    assert.equal(rules[0]!.inputs.toPort, 5432);
    assert.equal(rules[0]!.inputs.cidrIpv4, undefined);
    assert.equal(cloud.one("aws:ec2/securityGroup:SecurityGroup").inputs.ingress, undefined);
  });

  it("stores the generated password only as a secret in Secrets Manager under the shared name", async () => {
    const secret = cloud.one("aws:secretsmanager/secret:Secret").inputs;
    assert.equal(secret.name, "gitops-platform/production/app/postgres");
    assert.equal(db.secretName, secret.name);
    const version = cloud.one("aws:secretsmanager/secretVersion:SecretVersion").inputs;
    assert.ok(isSecretInput(version.secretString), "secretString must be marked secret");
    assert.equal(JSON.parse(String(version.secretString.value)).password, "mock-Generated-Password-4711");
    assert.ok(isSecretInput(cloud.one("aws:rds/instance:Instance").inputs.password), "the master password must reach RDS as a secret");
    for (const output of [db.address, db.port, db.secretArn]) assert.doesNotMatch(JSON.stringify(await valueOf(output as pulumi.Output<unknown>)), /Generated-Password/);
  });
});
