import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockCloud, settle, valueOf } from "../support/mock-cloud";

describe("Network", () => {
  const cloud = new MockCloud();
  let network: import("../../components/network/network").Network;

  before(async () => {
    await cloud.install();
    const { Network } = await import("../../components/network/network");
    network = new Network("prod", { cidrBlock: "10.10.0.0/16", availabilityZones: 3, natGateways: "per-az", flowLogRetentionDays: 365, clusterName: "prod-eks", tags: { owner: "platform" } });
    await valueOf(network.vpcId);
    await settle();
  });

  it("spreads public and private subnets over three AZs with EKS discovery tags", async () => {
    const subnets = cloud.ofType("aws:ec2/subnet:Subnet");
    assert.equal(subnets.length, 6);
    const privates = subnets.filter((s) => s.inputs.tags["kubernetes.io/role/internal-elb"] === "1");
    const publics = subnets.filter((s) => s.inputs.tags["kubernetes.io/role/elb"] === "1");
    assert.equal(privates.length, 3);
    assert.equal(publics.length, 3);
    assert.deepEqual(new Set(subnets.map((s) => s.inputs.availabilityZone)), new Set(["eu-west-1a", "eu-west-1b", "eu-west-1c"]));
    for (const s of subnets) assert.equal(s.inputs.tags["kubernetes.io/cluster/prod-eks"], "shared");
    for (const s of publics) assert.equal(s.inputs.mapPublicIpOnLaunch, false);
    assert.equal((await valueOf(network.privateSubnetIds[0]!)), "prod-private-a-id");
  });

  it("has one NAT gateway per AZ, each private route table pointing at its own AZ's gateway", () => {
    const nats = cloud.ofType("aws:ec2/natGateway:NatGateway");
    assert.deepEqual(nats.map((n) => n.name).sort(), ["prod-a", "prod-b", "prod-c"]);
    for (const suffix of ["a", "b", "c"]) {
      const table = cloud.one("aws:ec2/routeTable:RouteTable", `prod-private-${suffix}`);
      assert.equal(table.inputs.routes[0].natGatewayId, `prod-${suffix}-id`);
    }
    const publicTable = cloud.one("aws:ec2/routeTable:RouteTable", "prod-public");
    assert.equal(publicTable.inputs.routes[0].gatewayId, "prod-id");
  });

  it("records all traffic in VPC flow logs kept for the configured days", () => {
    const flowLog = cloud.one("aws:ec2/flowLog:FlowLog");
    assert.equal(flowLog.inputs.trafficType, "ALL");
    assert.equal(flowLog.inputs.vpcId, "prod-id");
    assert.equal(cloud.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 365, "the configured period, not the default of 90");
    const trust = JSON.parse(cloud.one("aws:iam/role:Role").inputs.assumeRolePolicy);
    assert.equal(trust.Statement[0].Principal.Service, "vpc-flow-logs.amazonaws.com");
  });

  it("parents every resource to the component", () => {
    for (const r of cloud.resources.filter((r) => r.type !== "gitops:network:Network"))
      assert.equal(r.parentType, "gitops:network:Network", `${r.type} ${r.name}`);
  });
});
