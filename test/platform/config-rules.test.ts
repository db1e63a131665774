import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { neighbourNetworks, parsePlatformConfig } from "../../platform/config";
import { didYouMean } from "../../platform/config/unknown-keys";
import { type Edit, refused } from "./support/bad-configs";
import { problemsOf, raw } from "./support/problems";

describe("configurations that cannot work", () => {
  for (const [what, edit, expected] of refused) {
    it(`refuses ${what}`, () => {
      const problems = problemsOf("staging", edit);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.ok(problems[0]!.includes(expected), `${problems[0]}\n  should include\n${expected}`);
    });
  }

  const accepted: [string, Edit][] = [
    ["a 55-character bucket name", (c) => (c.buckets[0].name = "a".repeat(55))],
    ["a bucket name with xn-- inside", (c) => (c.buckets[0].name = "my-xn--bucket")],
    ["a namespace that only contains kube", (c) => (c.tenants[0].namespace = "my-kube-apps")],
    ["retention kept forever and the longest period", (c) => { c.network.flowLogRetentionDays = 0; c.network.cidrBlock = "10.20.0.0/20"; }],
    ["retention of ten years", (c) => (c.network.flowLogRetentionDays = 3653)],
    ["gp3's largest volume", (c) => { c.database.allocatedStorageGb = 65_535; c.database.maxAllocatedStorageGb = 65_536; }],
    ["the longest tag key and value", (c) => (c.tags = { ["k".repeat(128)]: "v".repeat(256) })],
    ["46 tags", (c) => (c.tags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "v"])))],
    ["a request equal to its limit in other units", (c) => (c.tenants[0].quota = { requestsCpu: "2", limitsCpu: "2000m", requestsMemory: "1Gi", limitsMemory: "1024Mi" })],
    ["an expiration after the transition", (c) => Object.assign(c.buckets[0], { transitionToInfrequentAccessDays: 30, expirationDays: 31 })],
    ["min = desired = max", (c) => Object.assign(c.cluster.nodeGroups[0], { minSize: 4, desiredSize: 4, maxSize: 4 })],
  ];
  for (const [what, edit] of accepted) {
    it(`accepts ${what}`, () => assert.deepEqual(problemsOf("staging", edit), []));
  }
});

describe("stacks that share a network", () => {
  const eks = { mode: "eks", nodeGroups: [{ name: "general", minSize: 1, desiredSize: 1, maxSize: 2 }] };
  const existing = { mode: "existing", kubeconfig: "/k" };
  const files = [
    { stack: "production", config: { "aws:region": "eu-west-1", "gitops-platform:cluster": eks, "gitops-platform:network": { cidrBlock: "10.10.0.0/16" } } },
    { stack: "staging", config: { "aws:region": "eu-west-1", "gitops-platform:cluster": eks, "gitops-platform:network": { cidrBlock: "10.20.0.0/16" } } },
    { stack: "db-only", config: { "aws:region": "eu-west-1", "gitops-platform:cluster": existing, "gitops-platform:database": { name: "app" } } },
    { stack: "disabled-db", config: { "aws:region": "eu-west-1", "gitops-platform:cluster": existing, "gitops-platform:database": { enabled: false } } },
    { stack: "broken", config: { "aws:region": "eu-west-1", "gitops-platform:cluster": eks, "gitops-platform:network": { cidrBlock: "10.30.0.1/16" } } },
    { stack: "us", config: { "aws:region": "us-east-1", "gitops-platform:cluster": eks, "gitops-platform:network": { cidrBlock: "10.10.0.0/16" } } },
    { stack: "local", config: { "gitops-platform:cluster": existing } },
  ];

  it("are the other stacks creating a VPC in the same region, with the schema's default block when they set none and without invalid ones", () => {
    assert.deepEqual(neighbourNetworks("production", "eu-west-1", files), [
      { stack: "staging", cidrBlock: "10.20.0.0/16" },
      { stack: "db-only", cidrBlock: "10.0.0.0/16" },
    ]);
    assert.deepEqual(neighbourNetworks("us", "us-east-1", files), []);
  });

  it("refuse a VPC block overlapping a neighbour's, naming the neighbour", () => {
    const neighbours = neighbourNetworks("production", "eu-west-1", files);
    assert.deepEqual(problemsOf("production", (c) => (c.network.cidrBlock = "10.20.128.0/20"), { neighbours }), [
      'gitops-platform:network.cidrBlock = "10.20.128.0/20": expected a block that does not overlap 10.20.0.0/16 of stack "staging" (stacks in one region share a network)',
    ]);
    assert.deepEqual(problemsOf("production", () => {}, { neighbours }), []);
    assert.deepEqual(problemsOf("production", (c) => (c.network.cidrBlock = "10.21.0.0/16"), { neighbours }), [], "adjacent blocks do not overlap");
  });

  it("do not constrain a stack that creates no VPC", () => {
    const local = raw("local");
    assert.doesNotThrow(() => parsePlatformConfig("local", local, { neighbours: [{ stack: "staging", cidrBlock: "10.0.0.0/16" }] }));
  });
});

describe("didYouMean", () => {
  it("suggests the closest known key for a typo or a missing plural, and nothing for an unrelated word", () => {
    assert.equal(didYouMean("bucket", ["buckets", "tenants", "database"]), "buckets");
    assert.equal(didYouMean("tennants", ["buckets", "tenants", "database"]), "tenants");
    assert.equal(didYouMean("Database", ["buckets", "tenants", "database"]), "database");
    assert.equal(didYouMean("kubernetes", ["buckets", "tenants", "database"]), undefined);
  });
});
