/**
 * Bad input through the real CLI and engine: an unknown stack, configuration
 * the program rejects, a program that crashes. Each exits 1 and says why in
 * one stderr line (what CI logs show first), without an engine dump.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gitops } from "./support/cli";
import { type RunResult, Sandbox } from "./support/sandbox";
import { DB_PASSWORD } from "./support/secrets";

/**
 * stderr holds progress lines (`[stack] …`) and the CLI's own (`gitops: …`),
 * one event per line. Exactly one line gives the reason, and names `problem`.
 */
function assertOneLineReason(result: RunResult, stack: string, problem: RegExp): void {
  assert.equal(result.code, 1, `exit code 1 expected; stderr:\n${result.stderr}`);
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  const stray = lines.filter((line) => !line.startsWith(`[${stack}] `) && !line.startsWith("gitops: "));
  assert.deepEqual(stray, [], "no engine output or stack trace spills onto stderr");
  const reasons = lines.filter((line) => line.startsWith(`[${stack}] `) && / failed: /.test(line));
  assert.equal(reasons.length, 1, `one reason line expected:\n${result.stderr}`);
  assert.match(reasons[0]!, problem);
  assert.ok(reasons[0]!.length < 400, "the reason is a readable line, not a dump");
}

describe("bad input: exit code 1 and a one-line reason", { concurrency: true }, () => {
  let sandbox: Sandbox | undefined;

  before(() => {
    sandbox = Sandbox.create("bad-input");
  });

  after(async () => {
    assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
  });

  it("an unknown stack (preview)", async () => {
    const stack = sandbox!.uniqueStackName("missing");
    const result = await gitops(sandbox!, ["preview", "--stack", stack]);
    assertOneLineReason(result, stack, new RegExp(`preview failed: error: no stack named '${stack}' found$`));
    assert.match(result.stdout, /❌ failed \(StackNotFoundError\)/);
  });

  it("an unknown stack (drift): an error wins over drift, so exit 1, not 2", async () => {
    const stack = sandbox!.uniqueStackName("missing");
    const result = await gitops(sandbox!, ["drift", "--stack", stack, "--json"]);
    assertOneLineReason(result, stack, new RegExp(`previewRefresh failed: error: no stack named '${stack}' found$`));
    assert.equal(JSON.parse(result.stdout).stacks[0].error.kind, "StackNotFoundError");
  });

  it("configuration the program validates and rejects", async () => {
    const stack = await sandbox!.createStack("badconfig", { plain: { replicas: "nine" }, secret: { dbPassword: DB_PASSWORD } });
    const result = await gitops(sandbox!, ["preview", "--stack", stack]);
    assertOneLineReason(result, stack, /preview failed: error: invalid configuration: replicas must be an integer from 1 to 5, got "nine"$/);
  });

  it("a program that throws", async () => {
    const stack = await sandbox!.createStack("crash", { plain: { crash: "true" }, secret: { dbPassword: DB_PASSWORD } });
    const result = await gitops(sandbox!, ["preview", "--stack", stack, "--json"]);
    assertOneLineReason(result, stack, /preview failed: error: Running program '[^']+' failed with an unhandled exception: TypeError: Cannot read properties of undefined \(reading 'host'\)$/);
    const report = JSON.parse(result.stdout) as { stacks: { error: { kind: string } }[] };
    assert.equal(report.stacks[0]!.error.kind, "ProgramError");
  });
});
