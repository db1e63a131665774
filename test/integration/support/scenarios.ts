/**
 * The scenarios that run once per state backend (file:// and S3): a stack's
 * lifecycle through the library, and two updates racing for one stack's lock.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PreviewReport, type ProgressUpdate, deploy, preview, renderPreviewComment } from "../../../automation";
import type { Sandbox } from "./sandbox";
import { DB_PASSWORD } from "./secrets";

/** The program's resources, by name: what a fresh stack creates and a clean one keeps. */
export const PROGRAM_RESOURCES = ["motd", "password", "pet", "token"];
/** What the engine's summary counts: those plus the stack (default providers are not counted). */
export const COUNTED_RESOURCES = PROGRAM_RESOURCES.length + 1;
/** What the state holds: those plus the two default providers (random, pulumi-nodejs). */
export const STATE_RESOURCES = COUNTED_RESOURCES + 2;

export function failures(report: { stacks: readonly { error?: { kind: string; message: string } }[] }): string {
  return JSON.stringify(report.stacks.map((stack) => stack.error ?? null));
}

function programResources(report: PreviewReport): string[] {
  return report.stacks[0]!.resources.map((r) => r.name).filter((name) => PROGRAM_RESOURCES.includes(name)).sort();
}

export async function lifecycleScenario(sandbox: Sandbox): Promise<string> {
  const stack = await sandbox.createStack("life", { secret: { dbPassword: DB_PASSWORD } });
  const options = { workDir: sandbox.workDir, stacks: [stack], engine: sandbox.engine };
  const motd = join(sandbox.filesDir(stack), "motd.txt");

  const planned = await preview(options);
  assert.equal(planned.ok, true, failures(planned));
  assert.equal(planned.hasChanges, true);
  assert.deepEqual(programResources(planned), PROGRAM_RESOURCES);
  assert.deepEqual(new Set(planned.stacks[0]!.resources.map((r) => r.op)), new Set(["create"]));
  assert.deepEqual(planned.stacks[0]!.counts, { create: COUNTED_RESOURCES });
  assert.equal(existsSync(motd), false, "a preview creates nothing");

  const applied = await deploy(options);
  assert.equal(applied.ok, true, failures(applied));
  const outputs = applied.stacks[0]!.outputs;
  assert.match(String(outputs.petName), /^it-[a-z]+-[a-z]+$/);
  assert.equal(outputs.generatedPassword, "[secret]", "secret outputs are masked in the deploy report");
  assert.equal(readFileSync(motd, "utf8"), "hello", "up created the managed file");

  const settled = await preview(options);
  assert.equal(settled.ok, true, failures(settled));
  assert.equal(settled.hasChanges, false, JSON.stringify(settled.stacks[0]!.resources));
  assert.deepEqual(settled.stacks[0]!.resources, []);
  assert.deepEqual(settled.stacks[0]!.counts, { same: COUNTED_RESOURCES });
  assert.match(renderPreviewComment(settled).join("\n"), /\*\*No changes\.\*\* The infrastructure already matches this commit\./);
  return stack;
}

/**
 * A first `up` holds the lock (its program waits on a file the test controls);
 * a second `up` with a short retry policy retries, then reports StackLockedError.
 * After the first one finishes, the state is intact.
 */
export async function lockScenario(sandbox: Sandbox): Promise<void> {
  const stack = await sandbox.createStack("lock", { secret: { dbPassword: DB_PASSWORD } });
  const release = join(sandbox.filesDir(stack), "release");
  await sandbox.setConfig(stack, { plain: { holdFile: release } });
  const options = { workDir: sandbox.workDir, stacks: [stack], engine: sandbox.engine };

  // Both updates' progress, in order: the story a failure message tells.
  const log: string[] = [];
  const trace = (who: string) => (update: ProgressUpdate) => log.push(`${who} ${JSON.stringify(update)}`);
  let firstSettled = false;
  const first = deploy({ ...options, onProgress: trace("first") }).finally(() => (firstSettled = true));
  try {
    // The program only runs once `up` holds the lock; it writes `<holdFile>.held` then.
    await waitFor(() => existsSync(`${release}.held`) || firstSettled, 120_000);
    if (firstSettled) assert.fail(`the first update ended before holding the lock: ${failures(await first)}`);

    const progress: ProgressUpdate[] = [];
    const second = await deploy({
      ...options,
      lockRetry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 400 },
      onProgress: (update) => {
        progress.push(update);
        trace("second")(update);
      },
    });
    assert.equal(firstSettled, false, `the second update gave up while the first still held the lock:\n${log.join("\n")}`);
    assert.equal(second.ok, false);
    const error = second.stacks[0]!.error;
    assert.equal(error?.kind, "StackLockedError", failures(second));
    assert.match(error!.message, new RegExp(`stack ${stack} is still locked after 3 attempt\\(s\\): error: the stack is currently locked`));
    assert.deepEqual(progress.flatMap((u) => (u.kind === "started" ? [u.attempt] : [])), [1, 2, 3]);
    assert.deepEqual(progress.flatMap((u) => (u.kind === "retrying" ? [u.delayMs] : [])), [200, 400]);
  } finally {
    writeFileSync(release, "released");
  }

  const done = await first;
  assert.equal(done.ok, true, failures(done));
  const after = await preview(options);
  assert.equal(after.ok, true, failures(after));
  assert.equal(after.hasChanges, false, "the refused update changed nothing and the first one completed");
  const exported = JSON.parse(await sandbox.pulumiOk(["stack", "export", "--stack", stack])) as {
    deployment: { resources: unknown[]; pending_operations?: unknown[] };
  };
  assert.equal(exported.deployment.resources.length, STATE_RESOURCES);
  assert.deepEqual(exported.deployment.pending_operations ?? [], [], "no operation was left half-done");
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
