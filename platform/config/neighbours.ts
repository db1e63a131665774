/**
 * Stacks that share a network with this one: the other stacks of the project
 * that create a VPC in the same AWS region (`aws:region` in their stack files).
 * Their VPCs may be peered or joined by a transit gateway, which refuse
 * overlapping blocks, and routes between overlapping blocks are ambiguous.
 */
import { PROJECT_NAME } from "../layout";
import { type PlatformConfig, platformConfigSchema, usesAwsNetwork } from "./schema";

/** A sibling stack's VPC block, as its stack file declares it. */
export interface NeighbourNetwork {
  readonly stack: string;
  readonly cidrBlock: string;
}

/** A stack file's config: full keys (`aws:region`, `gitops-platform:network`) to values. */
export interface StackFileConfig {
  readonly stack: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** A stack file's value for `key`, parsed with the schema; undefined when absent or invalid. */
function section<K extends keyof PlatformConfig>(config: Readonly<Record<string, unknown>>, key: K): PlatformConfig[K] | undefined {
  return platformConfigSchema.shape[key].safeParse(config[`${PROJECT_NAME}:${key}`]).data as PlatformConfig[K] | undefined;
}

/**
 * The VPC blocks of the other stacks in `region` (undefined: the provider's
 * default, shared by stacks that set none), with the schema's default block
 * for a stack that sets none. A sibling whose network is invalid is its own
 * stack's problem and is left out here.
 */
export function neighbourNetworks(stack: string, region: string | undefined, stackFiles: readonly StackFileConfig[]): NeighbourNetwork[] {
  return stackFiles
    .filter((s) => s.stack !== stack && s.config["aws:region"] === region)
    .filter((s) => usesAwsNetwork({ cluster: section(s.config, "cluster"), database: section(s.config, "database") }))
    .flatMap((s) => {
      const network = section(s.config, "network");
      return network ? [{ stack: s.stack, cidrBlock: network.cidrBlock }] : [];
    });
}
