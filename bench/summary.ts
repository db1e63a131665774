/**
 * The README's performance table from the verdicts the benchmarks wrote:
 *   BENCH_JSON=/tmp/bench.jsonl npm run bench
 *   node --import tsx bench/summary.ts /tmp/bench.jsonl
 * A figure measured more than once (a rerun) keeps its last measurement.
 */
import * as fs from "node:fs";
import { type Verdict, formatAmount } from "./target";

export function summaryTable(verdicts: readonly Verdict[]): string {
  const latest = new Map<string, Verdict>();
  for (const v of verdicts) latest.set(`${v.benchmark}\0${v.figure}`, v);
  const rows = [...latest.values()].map((v) => {
    const sign = v.bound === "min" ? "≥" : "≤";
    const note = v.note ? ` (${v.note})` : "";
    return `| \`bench/${v.benchmark}.ts\` | ${v.figure} | ${sign} ${formatAmount(v.target, v.unit)} | ${formatAmount(v.measured, v.unit)}${note} | ${v.holds ? "holds" : "**missed**"} |`;
  });
  return ["| Benchmark | Figure | Target | Measured | |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: bench/summary.ts <verdicts.jsonl> (written by the benchmarks with BENCH_JSON=<file>)");
  const verdicts = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Verdict);
  console.log(summaryTable(verdicts));
}
