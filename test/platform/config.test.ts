import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONFIG_KEYS, ConfigError, argocdHighAvailability, parsePlatformConfig, usesAwsNetwork } from "../../platform/config";
import { projectConfigDeclarations } from "../support/stack-program";
import { problemsOf, raw } from "./support/problems";

describe("parsePlatformConfig", () => {
  it("accepts the committed stack files and fills production-safe defaults", () => {
    const staging = parsePlatformConfig("staging", raw("staging"));
    assert.equal(staging.database?.engineVersion, "17.4");
    assert.equal(staging.network?.flowLogRetentionDays, 90);
    assert.equal(staging.tenants[0]?.quota.pods, 50);
    assert.equal(argocdHighAvailability(staging), false);
    assert.equal(argocdHighAvailability(parsePlatformConfig("production", raw("production"))), true);
  });

  it("accepts a production stack that writes only the required keys: every default is production-safe", () => {
    const config = parsePlatformConfig("production", {
      environment: "production",
      cluster: { mode: "eks", nodeGroups: [{ name: "general", minSize: 3, desiredSize: 3, maxSize: 6 }] },
      database: {},
      buckets: [{ name: "artifacts" }],
      tenants: [{ namespace: "api-service", team: "payments" }],
      argocd: { repoUrl: "https://github.com/example-org/gitops-platform.git" },
    });
    assert.equal(config.database?.deletionProtection, true);
    assert.equal(config.network.natGateways, "per-az");
    assert.equal(config.buckets[0]?.blockPublicAccess, true);
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
    ["a cluster it did not create", (c) => (c.cluster = { mode: "existing", kubeconfig: "/k" }), /cluster\.mode = "existing": expected "eks" in production/],
    ["a missing database key", (c) => delete c.database, /gitops-platform:database = \(not set\): expected a database object, or \{enabled: false\} to say production runs without one/],
  ];
  for (const [what, edit, message] of refusals) {
    it(`refuses ${what} in production`, () => {
      const problems = problemsOf("production", edit);
      assert.ok(problems.some((p) => message.test(p)), problems.join("\n"));
      assert.deepEqual(problemsOf("staging", edit).filter((p) => p.includes("in production")), [], "staging has no production rules");
    });
  }

  it("allows a production stack to say explicitly that it has no database", () => {
    assert.equal(parsePlatformConfig("production", { ...raw("production"), database: { enabled: false } }).database, undefined);
  });

  it("allows in staging what production refuses", () => {
    assert.deepEqual(problemsOf("staging", (c) => { c.database.multiAz = false; c.database.backupRetentionDays = 1; c.network.natGateways = "single"; }), []);
    assert.deepEqual(problemsOf("staging", (c) => delete c.database), [], "staging may leave the database key out");
  });

  it("gives a stack named production production's rules even when its environment says staging", () => {
    const problems = problemsOf("production", (c) => { c.environment = "staging"; c.database.deletionProtection = false; });
    assert.ok(problems.includes('gitops-platform:environment = "staging": expected "production" (the stack is named "production")'), problems.join("\n"));
    assert.ok(problems.some((p) => p.startsWith("gitops-platform:database.deletionProtection = false: expected true in production")), problems.join("\n"));
  });

  it("requires a stack named for staging to declare staging, and lets other names choose", () => {
    assert.deepEqual(problemsOf("staging", (c) => (c.environment = "local")).map((p) => p.split(" =")[0]), ["gitops-platform:environment"]);
    assert.deepEqual(problemsOf("staging-eu", (c) => (c.environment = "production")).map((p) => p.split(" =")[0]), ["gitops-platform:environment"]);
    assert.deepEqual(problemsOf("prod", (c) => (c.environment = "staging")), []);
  });

  it("lists schema problems and production refusals together, every one at once", () => {
    const problems = problemsOf("production", (c) => {
      c.network.cidrBlock = "999.20.0.0/16";
      c.database.deletionProtection = false;
      c.database.backupRetentionDay = 7;
      c.buckets[0].blockPublicAccess = false;
      c.bucket = [];
    });
    assert.deepEqual(problems.map((p) => p.split(" =")[0]).sort(), [
      "gitops-platform:bucket",
      "gitops-platform:buckets[0].blockPublicAccess",
      "gitops-platform:database.backupRetentionDay",
      "gitops-platform:database.deletionProtection",
      "gitops-platform:network.cidrBlock",
    ]);
  });

  it("reports a misspelled key with the key it was probably meant to be", () => {
    const top = problemsOf("production", (c) => { c.bucket = c.buckets; delete c.buckets; });
    assert.deepEqual(top, ['gitops-platform:bucket = [{"name":"artifacts","noncurrentVersionExpirationDays":180,"transitionToInfre...: expected a known key (did you mean "buckets"?)']);
    const nested = problemsOf("staging", (c) => (c.database.backupRetentionDay = 7));
    assert.deepEqual(nested, ['gitops-platform:database.backupRetentionDay = 7: expected a known key (did you mean "backupRetentionDays"?)']);
    const inList = problemsOf("staging", (c) => (c.tenants[0].quota = { podz: 3 }));
    assert.deepEqual(inList, ['gitops-platform:tenants[0].quota.podz = 3: expected a known key (did you mean "pods"?)']);
    const unlike = problemsOf("staging", (c) => (c.zzzzzzzz = 1));
    assert.match(unlike[0]!, /zzzzzzzz = 1: expected one of the known keys: environment, tags, network, cluster, database/);
  });

  const malformed: [string, (c: Record<string, any>) => void, RegExp][] = [
    ["a wrong type", (c) => (c.network.availabilityZones = "three"), /gitops-platform:network\.availabilityZones = "three": expected a value of type number/],
    ["an unknown environment", (c) => (c.environment = "prod"), /gitops-platform:environment = "prod": expected one of "local", "staging", "production"/],
    ["a missing repo URL", (c) => delete c.argocd.repoUrl, /gitops-platform:argocd\.repoUrl = \(not set\): expected a value of type string/],
    ["manifests without a directory", (c) => (c.argocd.install = "manifests"), /argocd\.manifestsDir = \(not set\): expected manifestsDir is required/],
    ["an unknown cluster mode", (c) => (c.cluster.mode = "gke"), /gitops-platform:cluster\.mode = "gke": expected a cluster with mode "eks" or "existing"/],
    ["a null database", (c) => (c.database = null), /gitops-platform:database = null: expected a database object \{name, instanceClass, allocatedStorageGb, \.\.\.\}, or \{enabled: false\} for no database/],
    ["no tenants", (c) => (c.tenants = []), /gitops-platform:tenants = \[\]: expected at least 1 item/],
  ];
  for (const [what, edit, message] of malformed) {
    it(`reports ${what} with key, value and expectation`, () => {
      const problems = problemsOf("staging", edit);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0]!, message);
    });
  }

  it("Pulumi.yaml declares exactly the keys the schema parses, each described, and no default database", () => {
    const declared = projectConfigDeclarations();
    assert.deepEqual(Object.keys(declared).sort(), CONFIG_KEYS.map((k) => `gitops-platform:${k}`).sort());
    for (const [key, declaration] of Object.entries(declared)) assert.ok(declaration.description, `${key} needs a description`);
    assert.equal(declared["gitops-platform:database"]?.default, undefined, "a default would hide a production stack's missing database key");
  });

  it("reads a missing or disabled database as none, and the local stack needs no VPC", () => {
    const local = parsePlatformConfig("local", raw("local"));
    assert.equal(local.database, undefined);
    assert.equal(usesAwsNetwork(local), false);
    assert.equal(parsePlatformConfig("staging", { ...raw("staging"), database: { enabled: false } }).database, undefined);
    assert.equal(usesAwsNetwork(parsePlatformConfig("staging", raw("staging"))), true);
  });

  it("refuses External Secrets on a cluster it did not create", () => {
    const problems = problemsOf("staging", (c) => {
      c.cluster = { mode: "existing", kubeconfig: "/tmp/kubeconfig" };
      delete c.database;
      c.buckets = [];
    });
    assert.deepEqual(problems.map((p) => p.split(" =")[0]), ["gitops-platform:secrets.delivery"]);
  });

  it("throws a ConfigError whose message lists each problem once", () => {
    assert.throws(() => parsePlatformConfig("staging", { ...raw("staging"), environment: "qa", tenants: [] }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 2);
      assert.equal(error.message.split("\n  - ").length, 3);
      return true;
    });
  });
});
