/**
 * Stacks that share a network with this one: the other stacks of the project
 * that create a VPC in the same AWS region (`aws:region` in their stack files).
 * Their VPCs may be peered or joined by a transit gateway, which refuse
 * overlapping blocks, and routes between overlapping blocks are ambiguous.
 */
import { PROJECT_NAME } from "../layout";
import { isDisabledDatabase } from "./schema";

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

/** The schema's default VPC block, for a stack file that sets none. */
const DEFAULT_CIDR_BLOCK = "10.0.0.0/16";

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Whether a stack file's config creates a VPC (an EKS cluster or a database; see usesAwsNetwork). */
function createsVpc(config: Readonly<Record<string, unknown>>): boolean {
  const database = config[`${PROJECT_NAME}:database`];
  return field(config[`${PROJECT_NAME}:cluster`], "mode") === "eks" || (typeof database === "object" && database !== null && !isDisabledDatabase(database));
}

/** The VPC blocks of the other stacks in `region` (undefined: the provider's default, shared by stacks that set none). */
export function neighbourNetworks(stack: string, region: string | undefined, stackFiles: readonly StackFileConfig[]): NeighbourNetwork[] {
  return stackFiles
    .filter((s) => s.stack !== stack && s.config["aws:region"] === region && createsVpc(s.config))
    .map((s) => {
      const cidrBlock = field(s.config[`${PROJECT_NAME}:network`], "cidrBlock");
      return { stack: s.stack, cidrBlock: typeof cidrBlock === "string" ? cidrBlock : DEFAULT_CIDR_BLOCK };
    });
}
