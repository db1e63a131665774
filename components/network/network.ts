import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../iam/policy-documents";
import { azSuffix, natGatewayAzIndexes, natGatewayFor, planSubnets } from "./cidr-plan";

export interface NetworkArgs {
  /** VPC CIDR block, /16 to /20. Default `10.0.0.0/16`. */
  readonly cidrBlock?: string;
  /** Availability zones to spread subnets over. Default 3 (production requires 3). */
  readonly availabilityZones?: number;
  /** `per-az` (default) survives the loss of an AZ; `single` saves cost outside production. */
  readonly natGateways?: "per-az" | "single";
  /** Days VPC flow logs are kept. Default 90. */
  readonly flowLogRetentionDays?: number;
  /** Name of the EKS cluster that will use the subnets, for subnet discovery tags. */
  readonly clusterName: string;
  /** Tags for every resource. They never feed resource names. */
  readonly tags?: Record<string, string>;
}

/**
 * A VPC with public and private subnets over several AZs, NAT, routing, EKS
 * subnet discovery tags and flow logs. The subnet layout comes from
 * `planSubnets`; this class only turns the plan into resources.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:network:Network", name, {}, opts);
    const azCount = args.availabilityZones ?? 3;
    const natMode = args.natGateways ?? "per-az";
    const plan = planSubnets(args.cidrBlock ?? "10.0.0.0/16", azCount);
    const tags = args.tags ?? {};
    const parent = { parent: this };
    const named = (suffix: string) => ({ ...tags, Name: `${name}-${suffix}` });

    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent);
    const zoneName = (azIndex: number) => zones.names.apply((names) => {
      const zone = names[azIndex];
      if (zone === undefined) throw new Error(`network ${name}: the region has ${names.length} available AZs, the plan needs ${azCount}`);
      return zone;
    });

    const vpc = new aws.ec2.Vpc(name, { cidrBlock: plan.vpcCidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: named("vpc") }, parent);
    const igw = new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: named("igw") }, parent);

    const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, {
      vpcId: vpc.id,
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: named("public"),
    }, parent);
    const publicSubnets = plan.publicSubnets.map((s) => {
      const subnet = new aws.ec2.Subnet(`${name}-public-${azSuffix(s.azIndex)}`, {
        vpcId: vpc.id,
        cidrBlock: s.cidrBlock,
        availabilityZone: zoneName(s.azIndex),
        mapPublicIpOnLaunch: false,
        tags: { ...named(`public-${azSuffix(s.azIndex)}`), "kubernetes.io/role/elb": "1", [`kubernetes.io/cluster/${args.clusterName}`]: "shared" },
      }, parent);
      new aws.ec2.RouteTableAssociation(`${name}-public-${azSuffix(s.azIndex)}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent);
      return subnet;
    });

    const natGateways = new Map<number, aws.ec2.NatGateway>();
    for (const azIndex of natGatewayAzIndexes(azCount, natMode)) {
      const suffix = azSuffix(azIndex);
      const eip = new aws.ec2.Eip(`${name}-nat-${suffix}`, { domain: "vpc", tags: named(`nat-${suffix}`) }, parent);
      natGateways.set(azIndex, new aws.ec2.NatGateway(`${name}-${suffix}`, {
        allocationId: eip.id,
        subnetId: publicSubnets[azIndex]!.id,
        tags: named(`nat-${suffix}`),
      }, { parent: this, dependsOn: [igw] }));
    }

    const privateSubnets = plan.privateSubnets.map((s) => {
      const suffix = azSuffix(s.azIndex);
      const subnet = new aws.ec2.Subnet(`${name}-private-${suffix}`, {
        vpcId: vpc.id,
        cidrBlock: s.cidrBlock,
        availabilityZone: zoneName(s.azIndex),
        tags: { ...named(`private-${suffix}`), "kubernetes.io/role/internal-elb": "1", [`kubernetes.io/cluster/${args.clusterName}`]: "shared" },
      }, parent);
      const routes = new aws.ec2.RouteTable(`${name}-private-${suffix}`, {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways.get(natGatewayFor(s.azIndex, natMode))!.id }],
        tags: named(`private-${suffix}`),
      }, parent);
      new aws.ec2.RouteTableAssociation(`${name}-private-${suffix}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
      return subnet;
    });

    const flowLogGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
      retentionInDays: args.flowLogRetentionDays ?? 90,
      tags,
    }, parent);
    const flowLogRole = new aws.iam.Role(`${name}-flow-logs`, {
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com")),
      tags,
    }, parent);
    new aws.iam.RolePolicy(`${name}-flow-logs`, {
      role: flowLogRole.id,
      policy: flowLogGroup.arn.apply((arn) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [arn, `${arn}:*`],
        }],
      })),
    }, parent);
    new aws.ec2.FlowLog(name, {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      tags,
    }, parent);

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.registerOutputs({ vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds });
  }
}
