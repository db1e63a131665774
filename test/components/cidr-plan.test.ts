import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { azSuffix, blockContains, blocksOverlap, natGatewayAzIndexes, natGatewayFor, planSubnets } from "../../components/network/cidr-plan";

describe("planSubnets", () => {
  it("gives every AZ one public and one private subnet inside the VPC, none overlapping", () => {
    for (const vpc of ["10.0.0.0/16", "172.16.0.0/18", "192.168.0.0/20"]) {
      for (const azs of [1, 2, 3, 4]) {
        const plan = planSubnets(vpc, azs);
        const all = [...plan.publicSubnets, ...plan.privateSubnets];
        assert.equal(plan.publicSubnets.length, azs);
        assert.equal(plan.privateSubnets.length, azs);
        for (const s of all) assert.ok(blockContains(vpc, s.cidrBlock), `${s.cidrBlock} outside ${vpc}`);
        for (let i = 0; i < all.length; i++)
          for (let j = i + 1; j < all.length; j++)
            assert.ok(!blocksOverlap(all[i]!.cidrBlock, all[j]!.cidrBlock), `${all[i]!.cidrBlock} overlaps ${all[j]!.cidrBlock}`);
      }
    }
  });

  it("sizes private subnets for pods (/19 of a /16) and public ones for load balancers (/22)", () => {
    const plan = planSubnets("10.10.0.0/16", 3);
    assert.deepEqual(plan.privateSubnets.map((s) => s.cidrBlock), ["10.10.0.0/19", "10.10.32.0/19", "10.10.64.0/19"]);
    assert.deepEqual(plan.publicSubnets.map((s) => s.cidrBlock), ["10.10.128.0/22", "10.10.132.0/22", "10.10.136.0/22"]);
  });

  it("keeps existing subnets where they are when an AZ is added", () => {
    const two = planSubnets("10.0.0.0/16", 2);
    const three = planSubnets("10.0.0.0/16", 3);
    assert.deepEqual(three.privateSubnets.slice(0, 2), two.privateSubnets);
    assert.deepEqual(three.publicSubnets.slice(0, 2), two.publicSubnets);
  });

  it("rejects blocks and AZ counts it cannot plan, naming the value", () => {
    assert.throws(() => planSubnets("10.0.0.0/8", 3), /"10\.0\.0\.0\/8" has prefix \/8: expected \/16 to \/20/);
    assert.throws(() => planSubnets("10.0.0.0/24", 3), /expected \/16 to \/20/);
    assert.throws(() => planSubnets("10.0.1.0/16", 3), /host bits are set \(did you mean 10\.0\.0\.0\/16\?\)/);
    assert.throws(() => planSubnets("10.0.300.0/16", 3), /octets must be 0-255/);
    assert.throws(() => planSubnets("not-a-cidr", 3), /invalid CIDR block "not-a-cidr"/);
    assert.throws(() => planSubnets("10.0.0.0/16", 5), /availability zone count 5: expected an integer from 1 to 4/);
  });
});

describe("NAT placement", () => {
  it("puts one NAT gateway per AZ in per-az mode and routes each private subnet to its own", () => {
    assert.deepEqual(natGatewayAzIndexes(3, "per-az"), [0, 1, 2]);
    assert.deepEqual([0, 1, 2].map((az) => natGatewayFor(az, "per-az")), [0, 1, 2]);
  });
  it("shares one NAT gateway in single mode", () => {
    assert.deepEqual(natGatewayAzIndexes(3, "single"), [0]);
    assert.deepEqual([0, 1, 2].map((az) => natGatewayFor(az, "single")), [0, 0, 0]);
  });
  it("names AZs by index letter", () => {
    assert.deepEqual([0, 1, 2, 3].map(azSuffix), ["a", "b", "c", "d"]);
  });
});
