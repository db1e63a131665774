import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONFIG_KEYS, ConfigError, argocdHighAvailability, parsePlatformConfig, usesAwsNetwork } from "../../platform/config";
import { projectConfigDeclarations, stackConfig } from "../support/stack-program";

/** A stack file's config with the project prefix stripped and values as the engine parses them. */
function raw(stack: string): Record<string, any> {
  return Object.fromEntries(
    Object.entries(stackConfig(stack))
      .filter(([k]) => k.startsWith("gitops-platform:"))
      .map(([k, v]) => [k.slice("gitops-platform:".length), v]),
  );
}

function problemsOf(stack: string, edit: (c: Record<string, any>) => void): string[] {
  const config = structuredClone(raw(stack));
  edit(config);
  try {
    parsePlatformConfig(stack, config);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.problems.length, error.message.split("\n  - ").length - 1);
    return error.message.split("\n  - ").slice(1);
  }
  return [];
}

describe("parsePlatformConfig", () => {
  it("accepts the committed stack files and fills production-safe defaults", () => {
    const staging = parsePlatformConfig("staging", raw("staging"));
    assert.equal(staging.database?.engineVersion, "17.4");
    assert.equal(staging.network?.flowLogRetentionDays, 90);
    assert.equal(staging.tenants[0]?.quota.pods, 50);
    assert.equal(argocdHighAvailability(staging), false);
    assert.equal(argocdHighAvailability(parsePlatformConfig("production", raw("production"))), true);
  });

  const refusals: [string, (c: Record<string, any>) => void, RegExp][] = [
    ["deletion protection off", (c) => (c.database.deletionProtection = false), /database\.deletionProtection = false: expected true in production/],
    ["no final snapshot", (c) => (c.database.skipFinalSnapshot = true), /database\.skipFinalSnapshot = true: expected false in production/],
    ["short backups", (c) => (c.database.backupRetentionDays = 3), /database\.backupRetentionDays = 3: expected at least 7 in production/],
    ["single-AZ database", (c) => (c.database.multiAz = false), /database\.multiAz = false: expected true in production/],
    ["public bucket", (c) => (c.buckets[0].blockPublicAccess = false), /buckets\[0\]\.blockPublicAccess = false: expected true in production/],
    ["two AZs", (c) => (c.network.availabilityZones = 2), /network\.availabilityZones = 2: expected at least 3 in production/],
    ["one NAT gateway", (c) => (c.network.natGateways = "single"), /network\.natGateways = "single": expected "per-az" in production/],
    ["no secrets delivery", (c) => (c.secrets.delivery = "none"), /secrets\.delivery = "none": expected "external-secrets" or "sealed-secrets" in production/],
  ];
  for (const [what, edit, message] of refusals) {
    it(`refuses ${what} in production`, () => {
      const problems = problemsOf("production", edit);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0]!, message);
    });
  }

  it("allows in staging what production refuses", () => {
    assert.deepEqual(problemsOf("staging", (c) => { c.database.multiAz = false; c.network.natGateways = "single"; }), []);
  });

  const malformed: [string, (c: Record<string, any>) => void, RegExp][] = [
    ["a typo in a key", (c) => (c.database.backupRetentionDay = 7), /gitops-platform:database = .*: expected no unknown keys \(found: backupRetentionDay\)/],
    ["a wrong type", (c) => (c.network.availabilityZones = "three"), /gitops-platform:network\.availabilityZones = "three": expected a value of type number/],
    ["an unknown environment", (c) => (c.environment = "prod"), /gitops-platform:environment = "prod": expected one of "local", "staging", "production"/],
    ["a bad CIDR", (c) => (c.network.cidrBlock = "10.0.0.0/8"), /network\.cidrBlock = "10\.0\.0\.0\/8": expected a CIDR block with a prefix length from \/16 to \/20/],
    ["node group bounds", (c) => (c.cluster.nodeGroups[0].desiredSize = 99), /cluster\.nodeGroups\[0\] = .*: expected minSize <= desiredSize <= maxSize/],
    ["a duplicate tenant", (c) => c.tenants.push({ namespace: "api-service", team: "x" }), /tenants\[1\]\.namespace = "api-service": expected a namespace not already listed/],
    ["no tenants", (c) => (c.tenants = []), /gitops-platform:tenants = \[\]: expected at least 1 item/],
    ["a missing repo URL", (c) => delete c.argocd.repoUrl, /gitops-platform:argocd\.repoUrl = \(not set\): expected a value of type string/],
    ["manifests without a directory", (c) => (c.argocd.install = "manifests"), /argocd\.manifestsDir = \(not set\): expected manifestsDir is required/],
    ["an unknown cluster mode", (c) => (c.cluster.mode = "gke"), /gitops-platform:cluster\.mode = "gke": expected/],
  ];
  for (const [what, edit, message] of malformed) {
    it(`reports ${what} with key, value and expectation`, () => {
      const problems = problemsOf("staging", edit);
      assert.ok(problems.some((p) => message.test(p)), problems.join("\n"));
    });
  }

  it("Pulumi.yaml declares exactly the keys the schema parses, each described", () => {
    const declared = projectConfigDeclarations();
    assert.deepEqual(Object.keys(declared).sort(), CONFIG_KEYS.map((k) => `gitops-platform:${k}`).sort());
    for (const [key, declaration] of Object.entries(declared)) assert.ok(declaration.description, `${key} needs a description`);
  });

  it("reads Pulumi.yaml's database default as no database, and the local stack needs no VPC", () => {
    const local = parsePlatformConfig("local", raw("local"));
    assert.equal(local.database, undefined);
    assert.equal(usesAwsNetwork(local), false);
    assert.equal(usesAwsNetwork(parsePlatformConfig("staging", raw("staging"))), true);
  });

  it("reports every problem at once", () => {
    const problems = problemsOf("production", (c) => { c.database.deletionProtection = false; c.buckets[0].blockPublicAccess = false; });
    assert.equal(problems.length, 2);
  });

  it("refuses External Secrets on a cluster it did not create", () => {
    const problems = problemsOf("staging", (c) => {
      c.cluster = { mode: "existing", kubeconfig: "/tmp/kubeconfig" };
      delete c.database;
      c.buckets = [];
    });
    assert.deepEqual(problems.map((p) => p.split(" =")[0]), ["gitops-platform:secrets.delivery"]);
  });
});
