import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { basename } from "node:path";
import { describe, it } from "node:test";
import { sampleSpawnedProcesses } from "../../bench/process-tree-memory";

const NODE = basename(process.execPath);

/** A node child that holds `holdMb` of touched memory, burns `cpuMs` of CPU, then lives until killed or `lifeMs` passes. */
function child(holdMb: number, cpuMs: number, lifeMs: number): ChildProcess {
  const script = `
    const held = Buffer.alloc(${holdMb} * 1024 * 1024, 1);
    const start = process.cpuUsage();
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ${cpuMs}) {}
    process.stdout.write("ready");
    setTimeout(() => held.length, ${lifeMs});`;
  return spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
}

const ready = async (c: ChildProcess): Promise<void> => void (await once(c.stdout!, "data"));

describe("sampleSpawnedProcesses", () => {
  it("counts the CPU time and memory of a process spawned while sampling, under its program's name", async () => {
    const sampler = sampleSpawnedProcesses(50);
    const busy = child(64, 600, 300);
    await once(busy, "exit");
    const usage = sampler.stop();
    // Up to one interval of CPU is lost when the process ends between samples.
    assert.ok((usage.cpuSeconds[NODE] ?? 0) >= 0.45, JSON.stringify(usage));
    assert.ok((usage.peakMbByProgram[NODE] ?? 0) >= 64, JSON.stringify(usage));
    assert.equal(usage.peakMb, usage.peakMbByProgram[NODE]);
  });

  it("leaves children that were already running out of the peak, and reports their CPU apart", async () => {
    const daemon = child(128, 0, 60_000);
    try {
      await ready(daemon);
      const sampler = sampleSpawnedProcesses(50);
      const small = child(0, 300, 100);
      await once(small, "exit");
      const usage = sampler.stop();
      assert.ok(usage.peakMb < 100, `the daemon's 128 MB must not count: ${JSON.stringify(usage)}`);
      assert.ok((usage.cpuSeconds[NODE] ?? 0) >= 0.2, JSON.stringify(usage));
      assert.ok(NODE in usage.preexistingCpuSeconds, JSON.stringify(usage));
    } finally {
      daemon.kill();
    }
  });
});
