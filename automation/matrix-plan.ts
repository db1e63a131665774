/**
 * The plan of a CI matrix: which stacks get a job of their own. Its `matrix`
 * feeds `strategy.matrix`; the merge job reads it back to know which stacks
 * must have reported, so a job that died before writing its report is listed
 * rather than silently missing from the comment.
 */
import { z } from "zod";
import { parseJsonDocument } from "./report-schema";

export type MatrixOperation = "preview" | "drift";

export interface MatrixPlan {
  readonly schemaVersion: 1;
  readonly operation: MatrixOperation;
  /** Stacks that get a job, in promotion order. */
  readonly stacks: readonly string[];
  /** Stacks the change does not affect: no job, shown as "not affected" in the merged comment. */
  readonly notAffected: readonly string[];
  /** `strategy.matrix`; GitHub rejects an empty one, so workflows skip the jobs when `stacks` is empty. */
  readonly matrix: { readonly stack: readonly string[] };
}

/** GitHub runs at most 256 jobs per matrix. */
export const MAX_MATRIX_JOBS = 256;

export function matrixPlan(operation: MatrixOperation, selection: { readonly stacks: readonly string[]; readonly notAffected: readonly string[] }): MatrixPlan {
  if (selection.stacks.length > MAX_MATRIX_JOBS) {
    throw new Error(`a GitHub Actions matrix runs at most ${MAX_MATRIX_JOBS} jobs, but ${selection.stacks.length} stacks are affected; split the stacks across workflows`);
  }
  return { schemaVersion: 1, operation, stacks: [...selection.stacks], notAffected: [...selection.notAffected], matrix: { stack: [...selection.stacks] } };
}

/** One line, so a workflow step can write it to $GITHUB_OUTPUT as `plan=<line>`. */
export function renderMatrixPlan(plan: MatrixPlan): string {
  return `${JSON.stringify(plan)}\n`;
}

const stackName = z.string().min(1);
const planSchema = z
  .object({
    schemaVersion: z.literal(1),
    operation: z.enum(["preview", "drift"]),
    stacks: z.array(stackName),
    notAffected: z.array(stackName),
    matrix: z.object({ stack: z.array(stackName) }),
  })
  .refine((plan) => plan.matrix.stack.join("\n") === plan.stacks.join("\n"), { message: "matrix.stack must list the same stacks as stacks", path: ["matrix", "stack"] });

/** Reads a plan written by `gitops preview --plan` or `gitops drift --plan`; throws naming the key, value and expectation. */
export function parseMatrixPlan(text: string, source: string): MatrixPlan {
  const plan = parseJsonDocument(text, planSchema, source);
  const duplicate = plan.stacks.find((stack, index) => plan.stacks.indexOf(stack) !== index);
  if (duplicate !== undefined) throw new Error(`${source}: stacks lists "${duplicate}" twice; each stack gets exactly one job`);
  return plan;
}
