/**
 * Rules between keys: what one section means for another, the stack's name
 * against its environment, and this stack's VPC against its neighbours'.
 * They judge whichever sections parsed, so they are reported together with the
 * schema problems of the others.
 */
import { type Environment, PROJECT_NAME, PROMOTION_ORDER } from "../layout";
import { cidrsOverlap, isCidrBlock, parseCidr } from "./ipv4";
import type { NeighbourNetwork } from "./neighbours";
import type { ConfigProblem } from "./problems";
import { type PlatformConfig, usesAwsNetwork } from "./schema";

/**
 * The environment a stack's name commits it to: `production`, `production-eu`
 * → production; `staging`, `staging-2` → staging; any other name → none.
 */
export function environmentOfStackName(stack: string): Environment | undefined {
  return PROMOTION_ORDER.find((env) => stack === env || stack.startsWith(`${env}-`));
}

const at = (key: string, value: unknown, expected: string): ConfigProblem => ({ key: `${PROJECT_NAME}:${key}`, value, expected });

export function relationProblems(stack: string, config: Partial<PlatformConfig>, neighbours: readonly NeighbourNetwork[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const named = environmentOfStackName(stack);
  if (named !== undefined && config.environment !== undefined && config.environment !== named)
    problems.push(at("environment", config.environment, `"${named}" (the stack is named "${stack}")`));
  if (config.database && config.cluster && config.cluster.mode !== "eks")
    problems.push(at("database", "(set)", 'no database unless cluster.mode is "eks" (its security group admits the EKS nodes)'));
  if (config.cluster?.mode === "existing" && config.secrets?.delivery === "external-secrets")
    problems.push(at("secrets.delivery", config.secrets.delivery,
      '"sealed-secrets" or "none" on an existing cluster (External Secrets needs the IRSA role of an EKS cluster)'));
  if (usesAwsNetwork(config) && config.network) problems.push(...overlapProblems(config.network.cidrBlock, neighbours));
  return problems;
}

function overlapProblems(cidrBlock: string, neighbours: readonly NeighbourNetwork[]): ConfigProblem[] {
  const own = parseCidr(cidrBlock);
  if (!isCidrBlock(own)) return [];
  return neighbours.flatMap((n) => {
    const theirs = parseCidr(n.cidrBlock);
    return isCidrBlock(theirs) && cidrsOverlap(own, theirs)
      ? [at("network.cidrBlock", cidrBlock, `a block that does not overlap ${n.cidrBlock} of stack "${n.stack}" (stacks in one region share a network)`)]
      : [];
  });
}
