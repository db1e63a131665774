/**
 * The count columns and one-line story of a run, shared by every renderer of
 * StackChanges (PR comment, deploy summary), so tables built from the same
 * model always read the same. Pure.
 */
import { changesSomething } from "../changes";
import type { OpType } from "../engine/events";
import type { OpCounts, ResourceChange, ResourceState, StackChanges } from "../types";
import { tableCell } from "./markdown";

/** Table columns; any other operation the engine counts goes into an "Other" column. */
const COLUMNS: OpType[] = ["create", "update", "replace", "delete", "import", "same"];
/** Operations in the headline, in this order; any other counted operation follows. */
const HEADLINE_ORDER: OpType[] = ["create", "update", "replace", "delete", "import", "import-replacement", "read", "read-replacement", "discard"];

/** The count header cells for these stacks: the fixed columns, plus "Other" when any stack counted another operation. */
export function countHeader(stacks: readonly Pick<StackChanges, "counts">[]): string[] {
  return [...COLUMNS.map(columnTitle), ...(otherOps(stacks).length > 0 ? ["Other"] : [])];
}

/** The count cells of one stack under `countHeader(stacks)`; "–" when the run counted nothing because it failed first. */
export function countCells(stack: Pick<StackChanges, "counts">, stacks: readonly Pick<StackChanges, "counts">[], failed: boolean): string[] {
  const empty = failed && Object.keys(stack.counts).length === 0;
  const others = otherOps(stacks);
  const cells = COLUMNS.map((op) => (empty ? "–" : String(stack.counts[op] ?? 0)));
  if (others.length > 0) cells.push(empty ? "–" : tableCell(countList(stack.counts, others) || "0"));
  return cells;
}

function columnTitle(op: OpType): string {
  return op[0]!.toUpperCase() + op.slice(1);
}

/** Counted operations no column shows, across all stacks, in headline order. */
function otherOps(stacks: readonly Pick<StackChanges, "counts">[]): OpType[] {
  const seen = new Set<OpType>();
  for (const stack of stacks) for (const [op, n] of Object.entries(stack.counts)) if ((n ?? 0) > 0 && !COLUMNS.includes(op as OpType)) seen.add(op as OpType);
  return sortOps([...seen]);
}

function sortOps(ops: OpType[]): OpType[] {
  const rank = (op: OpType): number => (HEADLINE_ORDER.includes(op) ? HEADLINE_ORDER.indexOf(op) : HEADLINE_ORDER.length);
  return ops.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

/** "2 import-replacement, 1 read" for the given operations. */
function countList(counts: OpCounts, ops: readonly OpType[]): string {
  return ops.filter((op) => (counts[op] ?? 0) > 0).map((op) => `${counts[op]} ${op}`).join(", ");
}

/** How a resource's steps ended; reports written before `state` existed only know `failed`. */
export function stateOf(resource: Pick<ResourceChange, "state" | "failed">): ResourceState {
  return resource.state ?? (resource.failed ? "failed" : "done");
}

/** Resources whose steps did not all finish, by how they ended. */
export function unfinished(stack: Pick<StackChanges, "resources">): { failed: number; interrupted: number } {
  let failed = 0;
  let interrupted = 0;
  for (const resource of stack.resources) {
    const state = stateOf(resource);
    if (state === "failed") failed++;
    else if (state === "interrupted") interrupted++;
  }
  return { failed, interrupted };
}

/** The counted operations a headline names: every change, and reads, in headline order. */
export function changedOps(counts: OpCounts): OpType[] {
  return sortOps((Object.keys(counts) as OpType[]).filter((op) => (counts[op] ?? 0) > 0 && (changesSomething(op) || op === "read")));
}

/** What went wrong besides the counts: steps that failed or never finished, a state the engine says may be corrupt. */
export function runNotes(stack: Pick<StackChanges, "resources" | "maybeCorrupt">): string[] {
  const { failed, interrupted } = unfinished(stack);
  return [
    failed > 0 ? `${failed} failed` : undefined,
    interrupted > 0 ? `${interrupted} interrupted` : undefined,
    stack.maybeCorrupt ? "state may be corrupt" : undefined,
  ].filter((note): note is string => note !== undefined);
}
