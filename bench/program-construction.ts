/**
 * Constructs the whole production program under the mock engine and prints
 * resource count, wall time and peak memory. Figures only; nothing asserted.
 *   npm run bench:program
 */
import { performance } from "node:perf_hooks";
import { verdict } from "./target";

async function main(): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  // Loading the provider SDKs is part of what `pulumi up` pays, so it is measured too.
  const { runProgram } = await import("../test/support/stack-program");
  const loaded = performance.now();
  const run = await runProgram("production");
  const done = performance.now();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({
    benchmark: "program-construction",
    stack: "production",
    resources: run.cloud.resources.length,
    loadSdksMs: Math.round(loaded - start),
    constructMs: Math.round(done - loaded),
    totalMs: Math.round(done - start),
    peakRssMb: Math.round(peakMb),
    rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
  }));
  verdict("program-construction", "production program under mocks (SDKs loaded + built)", done - start, "ms", 3000);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
