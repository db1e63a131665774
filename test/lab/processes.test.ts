import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { LabLock } from "../../lab/lock";
import { isAlive, logTail, runsWithArgs, stopProcess } from "../../lab/processes";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-processes-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function sleeper(ignoreTerm: boolean): number {
  const script = ignoreTerm ? "trap '' TERM; sleep 60 & wait; sleep 60" : "exec sleep 60";
  const child = spawn("bash", ["-c", script], { stdio: "ignore" });
  return child.pid as number;
}

describe("stopping a component process", () => {
  it("stops with SIGTERM when the process honours it", async () => {
    const pid = sleeper(false);
    assert.equal(isAlive(pid), true);
    assert.equal(await stopProcess(pid, 5_000), false);
    assert.equal(isAlive(pid), false);
  });

  it("stops a suspended (SIGSTOP) process with SIGTERM, by continuing it", async () => {
    const pid = sleeper(false);
    process.kill(pid, "SIGSTOP");
    assert.equal(await stopProcess(pid, 5_000), false);
    assert.equal(isAlive(pid), false);
  });

  it("falls back to SIGKILL after the timeout", async () => {
    const pid = sleeper(true);
    await new Promise((r) => setTimeout(r, 200)); // let bash install the trap
    const started = Date.now();
    assert.equal(await stopProcess(pid, 500), true);
    assert.equal(isAlive(pid), false);
    assert.ok(Date.now() - started >= 500, "waited for the SIGTERM timeout first");
  });
});

describe("runsWithArgs", () => {
  it("tells a process started with the current flags from one started with older ones", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    await new Promise((r) => child.once("spawn", r));
    try {
      assert.equal(runsWithArgs(child.pid as number, ["30"]), true);
      assert.equal(runsWithArgs(child.pid as number, ["31"]), false);
      assert.equal(runsWithArgs(child.pid as number, ["30", "--extra"]), false);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("LabLock", () => {
  it("excludes a second holder until released", async () => {
    const file = path.join(dir, "lock-a");
    const first = await LabLock.acquire(file, 1_000);
    await assert.rejects(LabLock.acquire(file, 300), /another gitops lab command \(pid \d+\) holds/);
    first.release();
    (await LabLock.acquire(file, 300)).release();
  });

  it("takes over a lock whose owner is dead", async () => {
    const file = path.join(dir, "lock-b");
    const child = spawn("true");
    await new Promise((r) => child.on("exit", r));
    fs.writeFileSync(file, `${child.pid}\n`);
    const lock = await LabLock.acquire(file, 1_000);
    assert.equal(fs.readFileSync(file, "utf8").trim(), String(process.pid));
    lock.release();
  });
});

describe("logTail", () => {
  it("returns the last lines of a long log", () => {
    const file = path.join(dir, "big.log");
    fs.writeFileSync(file, Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join("\n") + "\n");
    assert.equal(logTail(file, 3), "line 99997\nline 99998\nline 99999");
    assert.equal(logTail(path.join(dir, "absent.log")), "(no log yet)");
  });
});
