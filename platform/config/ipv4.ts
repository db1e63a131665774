/**
 * IPv4 CIDR blocks for config validation and the VPC's subnet plan: a parse that
 * says what is wrong instead of throwing, formatting, and overlap between blocks.
 */

export interface CidrBlock {
  /** First address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Why a text is not a CIDR block: what was expected instead, and which rule it broke. */
export interface CidrProblem {
  readonly problem: string;
  readonly rule: "syntax" | "range" | "host-bits";
  /** For `host-bits`: the network address the text probably meant. */
  readonly nearest?: string;
}

/** Parses `a.b.c.d/n`, or returns what is expected instead. */
export function parseCidr(text: string): CidrBlock | CidrProblem {
  const match = CIDR.exec(text);
  if (!match) return { problem: "an IPv4 CIDR block such as 10.0.0.0/16", rule: "syntax" };
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return { problem: "an IPv4 CIDR block whose four numbers are 0-255", rule: "range" };
  if (prefix > 32) return { problem: "an IPv4 CIDR block with a prefix length of at most /32", rule: "range" };
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) {
    const nearest = formatCidr({ base: base - (base % size), prefix });
    return { problem: `a network address without host bits (did you mean ${nearest}?)`, rule: "host-bits", nearest };
  }
  return { base, prefix };
}

export function isCidrBlock(parsed: CidrBlock | CidrProblem): parsed is CidrBlock {
  return !("problem" in parsed);
}

export function formatCidr(block: CidrBlock): string {
  return `${[24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256).join(".")}/${block.prefix}`;
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: CidrBlock, b: CidrBlock): boolean {
  return a.base < b.base + 2 ** (32 - b.prefix) && b.base < a.base + 2 ** (32 - a.prefix);
}
