/**
 * The live boundary check's decision step over a large cluster: 20,000 objects
 * with real-shaped managedFields (the unit-test fixtures, renamed), analysed and
 * rendered. Prints the time and memory beside the target: under 1 s and 200 MB
 * of heap, so the check's cost is the API server's listing, not the analysis.
 *
 *   npm run bench:boundary      (node --expose-gc, so each measurement starts from a collected heap)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { analyzeBoundary, type LiveObject } from "../gitops/boundary/analyze";
import { renderBoundaryText } from "../gitops/boundary/render";
import { median } from "./timing";
import { verdict } from "./target";

const OBJECTS = 20_000;
const RUNS = 5;
const MB = 2 ** 20;

const shapes = JSON.parse(fs.readFileSync(path.join(__dirname, "../test/fixtures/boundary/live-objects.json"), "utf8")) as LiveObject[];
const cluster: LiveObject[] = Array.from({ length: OBJECTS }, (_, i) => {
  const shape = shapes[i % shapes.length]!;
  return { ...shape, metadata: { ...shape.metadata, name: `${shape.metadata.name}-${i}` } };
});

function measure(label: string, fn: () => unknown): { ms: number; heapMb: number } {
  const times: number[] = [];
  let heapAdded = 0;
  for (let run = 0; run < RUNS; run++) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const result = fn();
    times.push(performance.now() - started);
    heapAdded = Math.max(heapAdded, process.memoryUsage().heapUsed - before);
    void result;
  }
  console.log(`${label.padEnd(34)} median ${median(times).toFixed(0).padStart(5)} ms (min ${Math.min(...times).toFixed(0)})  heap +${(heapAdded / MB).toFixed(0)} MB`);
  return { ms: median(times), heapMb: heapAdded / MB };
}

console.log(`boundary-analysis: ${OBJECTS} objects, ${shapes.length} managedFields shapes (node ${process.version})`);
analyzeBoundary(cluster); // warm-up: JIT compilation, paid once per process
const report = analyzeBoundary(cluster);
console.log(`${report.objects.length} objects in the boundary, ${report.violations.length} violations, ${report.handedOff.length} handed off`);
const analysed = measure("analyse", () => analyzeBoundary(cluster));
measure("render text", () => renderBoundaryText(report));
measure("render JSON", () => JSON.stringify(report));
console.log(`peak resident memory of the whole process (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB${global.gc ? "" : " (run with --expose-gc for comparable figures)"}`);
verdict("boundary-analysis", `analyse ${OBJECTS} live objects (median)`, analysed.ms, "ms", 1000);
verdict("boundary-analysis", `heap the analysis adds (${global.gc ? "collected before" : "no --expose-gc"})`, analysed.heapMb, "MB", 200);
