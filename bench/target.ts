/**
 * One line per figure: what was measured, the target beside it, and whether it
 * holds. Every benchmark prints its verdicts this way, and with `BENCH_JSON=<file>`
 * appends them as JSON lines, which `bench/summary.ts` turns into the README table.
 */
import * as fs from "node:fs";

export interface Verdict {
  readonly benchmark: string;
  readonly figure: string;
  readonly measured: number;
  readonly unit: "ms" | "s" | "MB" | "×";
  /** The figure holds when measured ≤ target ("max") or ≥ target ("min"). */
  readonly target: number;
  readonly bound?: "max" | "min";
  readonly holds: boolean;
  readonly note?: string;
}

export function verdict(
  benchmark: string,
  figure: string,
  measured: number,
  unit: Verdict["unit"],
  target: number,
  options: { bound?: "max" | "min"; note?: string } = {},
): Verdict {
  const bound = options.bound ?? "max";
  const holds = bound === "max" ? measured <= target : measured >= target;
  const v: Verdict = { benchmark, figure, measured, unit, target, bound, holds, ...(options.note ? { note: options.note } : {}) };
  console.log(formatVerdict(v));
  if (process.env.BENCH_JSON) fs.appendFileSync(process.env.BENCH_JSON, `${JSON.stringify(v)}\n`);
  return v;
}

export function formatAmount(value: number, unit: Verdict["unit"]): string {
  if (unit === "×") return `${value.toFixed(3)}×`;
  if (unit === "s") return `${value.toFixed(1)} s`;
  if (unit === "ms") return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
  return `${value.toFixed(0)} MB`;
}

export function formatVerdict(v: Verdict): string {
  const sign = v.bound === "min" ? "≥" : "≤";
  const mark = v.holds ? "holds" : "MISSED";
  return `  ${v.figure.padEnd(52)} ${formatAmount(v.measured, v.unit).padStart(9)}   target ${sign} ${formatAmount(v.target, v.unit).padEnd(8)} ${mark}${v.note ? `   (${v.note})` : ""}`;
}
