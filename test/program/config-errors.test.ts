import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { refused } from "../platform/support/bad-configs";
import { MockCloud, settle } from "../support/mock-cloud";
import { runProgram } from "../support/stack-program";

type Edit = (config: Record<string, any>) => void;

const badStacks: [string, string, Edit, RegExp][] = [
  ["a production refusal", "production", (c) => (c["gitops-platform:database"] = { ...c["gitops-platform:database"], deletionProtection: false }),
    /gitops-platform:database\.deletionProtection = false: expected true in production/],
  ["a misspelled top-level key", "production", (c) => { c["gitops-platform:bucket"] = c["gitops-platform:buckets"]; delete c["gitops-platform:buckets"]; },
    /gitops-platform:bucket = .*: expected a known key \(did you mean "buckets"\?\)/],
  ["a reserved namespace as a tenant", "production", (c) => c["gitops-platform:tenants"].push({ namespace: "argocd", team: "apps" }),
    /gitops-platform:tenants\[1\]\.namespace = "argocd": expected a namespace of the app team's own/],
  ["a CIDR block with host bits, which the Network component would only refuse after registering", "staging",
    (c) => (c["gitops-platform:network"] = { ...c["gitops-platform:network"], cidrBlock: "10.20.0.1/16" }),
    /gitops-platform:network\.cidrBlock = "10\.20\.0\.1\/16": expected a network address without host bits \(did you mean 10\.20\.0\.0\/16\?\)/],
  ["a VPC block overlapping the staging stack's (read from Pulumi.staging.yaml)", "production",
    (c) => (c["gitops-platform:network"] = { ...c["gitops-platform:network"], cidrBlock: "10.20.0.0/16" }),
    /gitops-platform:network\.cidrBlock = "10\.20\.0\.0\/16": expected a block that does not overlap 10\.20\.0\.0\/16 of stack "staging"/],
  ["a production stack declaring staging", "production", (c) => (c["gitops-platform:environment"] = "staging"),
    /gitops-platform:environment = "staging": expected "production" \(the stack is named "production"\)/],
  ["a production stack without a database key", "production", (c) => delete c["gitops-platform:database"],
    /gitops-platform:database = \(not set\): expected a database object, or \{enabled: false\}/],
];

describe("a stack with bad config", () => {
  it("registers resources when the config is good (so counting them below means something)", async () => {
    const cloud = new MockCloud();
    await runProgram("staging", undefined, cloud);
    assert.ok(cloud.resources.length > 50, `${cloud.resources.length} resources`);
  });

  for (const [what, stack, edit, message] of badStacks) {
    it(`stops before registering any resource on ${what}, naming key, value and expectation`, async () => {
      const cloud = new MockCloud();
      await assert.rejects(runProgram(stack, edit, cloud), message);
      await settle();
      assert.deepEqual(cloud.resources.map((r) => `${r.type}::${r.name}`), []);
    });
  }

  it("stops before registering any resource on every configuration that cannot work, with the parser's message", async () => {
    const prefix = "gitops-platform:";
    for (const [what, edit, expected] of refused) {
      const cloud = new MockCloud();
      const run = runProgram("staging", (config) => {
        // The shared edits address keys without the project prefix, as the parser sees them.
        const platform = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
        edit(platform);
        for (const key of Object.keys(config)) if (key.startsWith(prefix)) delete config[key];
        for (const [key, value] of Object.entries(platform)) config[prefix + key] = value;
      }, cloud);
      await assert.rejects(run, (error: Error) => error.message.includes(expected), what);
      await settle();
      assert.equal(cloud.resources.length, 0, what);
    }
  });
});
