/**
 * Subnet planning for the VPC: pure arithmetic on IPv4 blocks, no provider imports.
 *
 * The VPC block is cut into eight equal slots. Private subnets (where nodes,
 * pods and the database live, so they get the address space) take one slot per
 * AZ; public subnets (load balancers and NAT gateways only) share the slot after
 * the last possible private one, cut eight ways. Slots are fixed by AZ index, so
 * adding an AZ later never moves an existing subnet.
 */
import { type CidrBlock, cidrsOverlap, formatCidr, isCidrBlock, parseCidr } from "../../platform/config/ipv4";

/** Subnet tiers in the plan. */
export type SubnetTier = "public" | "private";

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  /** Zero-based index of the availability zone this subnet lives in. */
  readonly azIndex: number;
  readonly cidrBlock: string;
}

export interface SubnetPlan {
  readonly vpcCidrBlock: string;
  readonly publicSubnets: readonly PlannedSubnet[];
  readonly privateSubnets: readonly PlannedSubnet[];
}

/** Largest number of AZs the plan supports (four private slots, one public slot, three spare). */
export const MAX_AVAILABILITY_ZONES = 4;
const PRIVATE_EXTRA_BITS = 3;
const PUBLIC_EXTRA_BITS = 6;
const PUBLIC_SLOT = MAX_AVAILABILITY_ZONES;

function parseBlock(cidr: string): CidrBlock {
  const parsed = parseCidr(cidr);
  if (isCidrBlock(parsed)) return parsed;
  const why = { syntax: "expected a.b.c.d/n", range: "octets must be 0-255 and the prefix 0-32", "host-bits": `host bits are set (did you mean ${parsed.nearest}?)` }[parsed.rule];
  throw new Error(`invalid CIDR block "${cidr}": ${why}`);
}

/** The `index`-th sub-block of `block` that is `extraBits` longer. */
function subBlock(block: CidrBlock, extraBits: number, index: number): CidrBlock {
  const prefix = block.prefix + extraBits;
  return { base: block.base + index * 2 ** (32 - prefix), prefix };
}

/**
 * Plans public and private subnets for `availabilityZones` AZs inside `vpcCidrBlock`.
 * Throws with the offending value when the block is not /16 to /20 or the AZ
 * count is outside 1 to MAX_AVAILABILITY_ZONES.
 */
export function planSubnets(vpcCidrBlock: string, availabilityZones: number): SubnetPlan {
  const vpc = parseBlock(vpcCidrBlock);
  if (vpc.prefix < 16 || vpc.prefix > 32 - 6 - PUBLIC_EXTRA_BITS)
    throw new Error(`VPC CIDR block "${vpcCidrBlock}" has prefix /${vpc.prefix}: expected /16 to /20`);
  if (!Number.isInteger(availabilityZones) || availabilityZones < 1 || availabilityZones > MAX_AVAILABILITY_ZONES)
    throw new Error(`availability zone count ${availabilityZones}: expected an integer from 1 to ${MAX_AVAILABILITY_ZONES}`);
  const publicSlot = subBlock(vpc, PRIVATE_EXTRA_BITS, PUBLIC_SLOT);
  const azs = Array.from({ length: availabilityZones }, (_, azIndex) => azIndex);
  return {
    vpcCidrBlock: formatCidr(vpc),
    privateSubnets: azs.map((azIndex) => ({
      tier: "private",
      azIndex,
      cidrBlock: formatCidr(subBlock(vpc, PRIVATE_EXTRA_BITS, azIndex)),
    })),
    publicSubnets: azs.map((azIndex) => ({
      tier: "public",
      azIndex,
      cidrBlock: formatCidr(subBlock(publicSlot, PUBLIC_EXTRA_BITS - PRIVATE_EXTRA_BITS, azIndex)),
    })),
  };
}

/** Whether two CIDR blocks share any address (used to prove the plan never overlaps). */
export function blocksOverlap(a: string, b: string): boolean {
  return cidrsOverlap(parseBlock(a), parseBlock(b));
}

/** Whether `inner` lies entirely inside `outer`. */
export function blockContains(outer: string, inner: string): boolean {
  const o = parseBlock(outer);
  const i = parseBlock(inner);
  return i.prefix >= o.prefix && i.base >= o.base && i.base + 2 ** (32 - i.prefix) <= o.base + 2 ** (32 - o.prefix);
}

/** NAT gateway placement: one per AZ, or a single one in the first AZ. */
export function natGatewayAzIndexes(availabilityZones: number, mode: "per-az" | "single"): number[] {
  return mode === "single" ? [0] : Array.from({ length: availabilityZones }, (_, i) => i);
}

/** Which NAT gateway (by AZ index) a private subnet in `azIndex` routes through. */
export function natGatewayFor(azIndex: number, mode: "per-az" | "single"): number {
  return mode === "single" ? 0 : azIndex;
}

/** Stable letter suffix for an AZ index (a, b, c, ...): names never depend on live AZ names. */
export function azSuffix(azIndex: number): string {
  return String.fromCharCode("a".charCodeAt(0) + azIndex);
}
