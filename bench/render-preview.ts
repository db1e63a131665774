/**
 * Renders a preview of 10,000 resource changes into GitHub-sized comment parts
 * and prints the time and peak memory. Target: under 200 ms and 150 MB.
 *
 *   npm run bench:render      (node --expose-gc, so each measurement starts from a collected heap)
 *
 * Memory is reported twice: the process's resident set (which includes Node and
 * the tsx loader, about 80 MB before any work) and the heap the render itself adds.
 */
import { performance } from "node:perf_hooks";
import { Redactor, type PreviewReport, type ResourceChange } from "../automation";
import { renderJsonReport } from "../automation/render/json";
import { renderPreviewComment } from "../automation/render/preview";
import { verdict } from "./target";

const RESOURCES = 10_000;
const OPS = ["create", "update", "replace", "delete"] as const;

function report(): PreviewReport {
  const perStack = RESOURCES / 2;
  const stacks = ["staging", "production"].map((stack) => {
    const resources: ResourceChange[] = Array.from({ length: perStack }, (_, i) => {
      const op = OPS[i % OPS.length]!;
      return {
        urn: `urn:pulumi:${stack}::gitops-platform::gitops-platform:index:Tenant$kubernetes:core/v1:Namespace::team-${i}`,
        type: "kubernetes:core/v1:Namespace",
        name: `team-${i}`,
        op,
        steps: op === "replace" ? ["create-replacement", "replace", "delete-replaced"] : [op],
        changedProperties: op === "create" || op === "delete" ? [] : ["metadata.labels[\"gitops-platform.io/team\"]", "metadata.annotations.owner"],
        replacementProperties: op === "replace" ? ["metadata.name"] : [],
        failed: false,
        state: "done" as const,
      };
    });
    const counts = Object.fromEntries(OPS.map((op) => [op, perStack / OPS.length]));
    return { stack, status: "succeeded" as const, counts, resources, outputChanges: [], diagnostics: [], policyViolations: [] };
  });
  return { operation: "preview", stacks, notAffected: [], ok: true, hasChanges: true };
}

const MB = 2 ** 20;
/** Runs per measurement; the median is reported because shared CI machines are noisy. */
const RUNS = 5;

/** Rendering is synchronous, so memory is read right after it: what the result and its garbage still hold. */
function measure(label: string, fn: () => string[]): { ms: number; rssMb: number } {
  const times: number[] = [];
  let parts: string[] = [];
  let heapAdded = 0;
  let rss = 0;
  for (let run = 0; run < RUNS; run++) {
    parts = [];
    global.gc?.();
    const before = process.memoryUsage();
    const started = performance.now();
    parts = fn();
    times.push(performance.now() - started);
    const after = process.memoryUsage();
    heapAdded = Math.max(heapAdded, after.heapUsed - before.heapUsed);
    rss = Math.max(rss, after.rss);
  }
  times.sort((a, b) => a - b);
  const chars = parts.reduce((sum, part) => sum + part.length, 0);
  console.log(
    `${label.padEnd(42)} median ${times[RUNS >> 1]!.toFixed(1).padStart(6)} ms (min ${times[0]!.toFixed(1)})  ` +
      `${String(parts.length).padStart(3)} part(s)  ${(chars / 1e6).toFixed(2)} M chars  rss ${(rss / MB).toFixed(0)} MB  heap +${(heapAdded / MB).toFixed(0)} MB`,
  );
  return { ms: times[RUNS >> 1]!, rssMb: rss / MB };
}

const input = report();
const redactor = new Redactor();
redactor.addSensitive("a-registered-secret-value");
console.log(`render-preview: ${RESOURCES} resource changes in 2 stacks (node ${process.version})`);
// Warm-up: the first run pays for JIT compilation, as a CI process would only once.
renderPreviewComment(input, { redactor, maxParts: Number.POSITIVE_INFINITY });
measure("split into every part (no shortening)", () => renderPreviewComment(input, { redactor, maxParts: Number.POSITIVE_INFINITY }));
const posted = measure("comment as posted (default maxParts 5)", () => renderPreviewComment(input, { redactor }));
measure("JSON artifact", () => [renderJsonReport(input, { redactor })]);
const usage = process.resourceUsage();
console.log(`peak resident memory of the whole process (maxRSS): ${(usage.maxRSS / 1024).toFixed(0)} MB${global.gc ? "" : " (run with --expose-gc for comparable figures)"}`);
verdict("render-preview", `render ${RESOURCES} changes into the comment (median)`, posted.ms, "ms", 200);
verdict("render-preview", "peak resident memory of the process (maxRSS)", usage.maxRSS / 1024, "MB", 150);
