/**
 * A recording mock of the Pulumi engine for component and program tests.
 *
 * Every registered resource is kept with its inputs and resource options.
 * Provider functions (invokes) must be listed in `INVOKES`: an unmocked call
 * throws, so a component that starts calling a new data source fails loudly
 * instead of silently getting an empty answer.
 */
import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly protect: boolean;
  readonly parentType?: string;
  readonly ignoreChanges: readonly string[];
  readonly dependsOnCount: number;
}

const ACCOUNT = "123456789012";

/** Canned answers for the data sources the platform reads. */
const INVOKES: Record<string, (inputs: any) => Record<string, unknown>> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
    names: ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d"],
    zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3", "euw1-az4"],
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/test`, userId: "AIDTEST" }),
  "aws:index/getRegion:getRegion": () => ({ name: "eu-west-1", region: "eu-west-1", id: "eu-west-1" }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
  "aws:eks/getCluster:getCluster": (inputs) => ({
    name: inputs.name,
    vpcConfig: { clusterSecurityGroupId: "sg-eks-cluster" },
  }),
};

/** State the mocked provider adds to a resource beyond its inputs (what AWS would compute). */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  const arn = (service: string) => (service === "iam" ? `arn:aws:iam::${ACCOUNT}:role/${name}` : `arn:aws:${service}:eu-west-1:${ACCOUNT}:${name}`);
  switch (type) {
    case "eks:index:Cluster":
      return {
        kubeconfigJson: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name, cluster: { server: "https://mock.eks" } }] }),
        kubeconfig: { apiVersion: "v1", kind: "Config" },
        oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/MOCK`,
        oidcProviderUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/MOCK",
        eksCluster: { name: `${name}-eksCluster-1234567` },
      };
    case "aws:rds/instance:Instance":
      return { address: `${name}.mock.eu-west-1.rds.amazonaws.com`, endpoint: `${name}.mock.eu-west-1.rds.amazonaws.com:5432`, port: 5432, arn: arn("rds") };
    case "aws:s3/bucket:Bucket":
      return { bucket: `${name}-abc123`, arn: `arn:aws:s3:::${name}-abc123` };
    case "random:index/randomPassword:RandomPassword":
      return { result: "mock-Generated-Password-4711", bcryptHash: "mock-hash" };
    default:
      return { arn: arn(type.split(":")[1]?.split("/")[0] ?? "mock"), name: inputs.name ?? name };
  }
}

export class MockCloud {
  readonly resources: RecordedResource[] = [];

  /** Installs the mocks; `preview` mimics `pulumi preview` (unknown outputs). */
  async install(options: { project?: string; stack?: string; preview?: boolean } = {}): Promise<void> {
    const recorded = this.resources;
    const options_ = new Map<string, Omit<RecordedResource, "type" | "name" | "inputs">>();
    await pulumi.runtime.setMocks(
      {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
          const meta = options_.get(`${args.type}::${args.name}`);
          recorded.push({ type: args.type, name: args.name, inputs: args.inputs, protect: false, ignoreChanges: [], dependsOnCount: 0, ...meta });
          return { id: `${args.name}-id`, state: { ...args.inputs, ...computedState(args.type, args.name, args.inputs) } };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
          const answer = INVOKES[args.token];
          if (!answer) throw new Error(`unmocked provider function ${args.token}: add it to test/support/mock-cloud.ts`);
          return answer(args.inputs);
        },
      },
      options.project ?? "gitops-platform",
      options.stack ?? "test",
      options.preview ?? false,
    );
    // The mocks API hides resource options; read them off the registration request itself.
    const monitor = getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
      const parentUrn: string = req.getParent();
      options_.set(`${req.getType()}::${req.getName()}`, {
        protect: req.getProtect() === true,
        parentType: parentUrn ? parentUrn.split("::")[2]?.split("$").pop() : undefined,
        ignoreChanges: req.getIgnorechangesList(),
        dependsOnCount: req.getDependenciesList().length,
      });
      return register(req, callback);
    };
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  one(type: string, name?: string): RecordedResource {
    const matches = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (matches.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`);
    return matches[0]!;
  }

  countsByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
  }
}

/** Resolves an Output to its value in a mocked program. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => { resolve(v as T); return v; }));
}

/**
 * Waits until the mocked engine has seen every registration started so far
 * (registrations are asynchronous even under mocks).
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a recorded input arrived at the engine marked secret. */
export function isSecretInput(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === SECRET_SIG_VALUE;
}
