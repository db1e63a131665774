/**
 * Records the real engine's event streams for what the synthetic tests can
 * only imitate: an import, an output-only change, a failed step, an update
 * killed mid-step and the run after it. Each stream is rendered here, through
 * the library, with counts equal to the engine's own summary and a planted
 * secret (secret config the program prints) nowhere in the output; with
 * RECORD_ENGINE_EVENTS=1 the streams are kept as test/fixtures/engine-events/real-*.jsonl
 * for the golden tests.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DeployReport, type PreviewReport, type ProgressUpdate, Redactor, deploy, detectDrift, preview, renderJsonReport, renderPreview, renderPreviewComment } from "../../automation";
import { renderDeploySummary } from "../../automation/render/deploy";
import { EventRecorder, assertNoSecrets, summaryCounts } from "./support/recorder";
import { Sandbox } from "./support/sandbox";
import { failures, waitFor } from "./support/scenarios";
import { DB_PASSWORD } from "./support/secrets";

/** What the engine's summary event said, straight from the recorded stream. */
const engineCounts = (recorder: EventRecorder) => summaryCounts(recorder.events);

/** Every process as [pid, parent pid, command name], from /proc. */
function processTable(): Array<[number, number, string]> {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid): Array<[number, number, string]> => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        return [[Number(pid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), comm]];
      } catch {
        return []; // exited while we looked
      }
    });
}

/** `pid` and all its descendants. */
function processTree(pid: number): number[] {
  const table = processTable();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of table) if (parent === tree[i]) tree.push(child);
  return tree;
}

describe("real engine streams: imports, outputs, failures, interruptions", () => {
  let sandbox: Sandbox | undefined;
  let stack = "";
  let secrets: string[] = [];
  const redactor = new Redactor();
  /** Every progress update of every run: the log lines the CLI prints. */
  const progress: ProgressUpdate[] = [];
  const options = () => ({
    workDir: sandbox!.workDir,
    stacks: [stack],
    engine: sandbox!.engine,
    redactor,
    debugEvents: true,
    onProgress: (update: ProgressUpdate) => progress.push(update),
  });

  before(async () => {
    sandbox = Sandbox.create("streams");
    sandbox.activate();
    // The planted secret: secret config the program prints in a warning on every run.
    stack = await sandbox.createStack("streams", { plain: { echoSecret: "true" }, secret: { dbPassword: DB_PASSWORD } });
    await sandbox.up(stack);
    secrets = [DB_PASSWORD, String((await sandbox.outputsWithSecrets(stack)).generatedPassword)];
  });

  after(async () => {
    assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
  });

  /**
   * Renders a report every way it is published (comment parts, job summary, JSON, progress log;
   * the recorder checks the `onEvent` stream) and checks the planted secret is in none of them.
   */
  function published(report: PreviewReport | DeployReport, recorder: EventRecorder, name: string): string {
    const markdown = report.operation === "preview" ? renderPreview(report, { redactor }) : "";
    const parts = report.operation === "preview" ? renderPreviewComment(report, { redactor, limit: 4_000 }) : [];
    assertNoSecrets(
      {
        "the comment": markdown,
        ...Object.fromEntries(parts.map((part, i) => [`comment part ${i + 1}`, part])),
        "the JSON report": renderJsonReport(report, { redactor }),
        "the typed report": JSON.stringify(report),
        "the job summary": report.operation === "preview" ? markdown : renderDeploySummary(report, { redactor }),
        "the progress log": JSON.stringify(progress),
      },
      secrets,
    );
    recorder.save(name, secrets);
    return markdown;
  }

  it("an import: counted as the engine counts it, in the table and the headline", async () => {
    await sandbox!.setConfig(stack, { plain: { importToken: "adoptedToken0123" } });
    const recorder = new EventRecorder();
    const report = await preview({ ...options(), onEvent: recorder.onEvent });
    assert.equal(report.ok, true, failures(report));
    assert.deepEqual(report.stacks[0]!.counts, engineCounts(recorder));
    assert.equal(report.stacks[0]!.counts.import, 1, JSON.stringify(engineCounts(recorder)));
    const markdown = published(report, recorder, "preview-import");
    assert.match(markdown, /: 1 to import<\/summary>/);
    assert.match(markdown, /<code>= import<\/code> <b>adopted<\/b>/);

    const up = new EventRecorder();
    const applied = await deploy({ ...options(), onEvent: up.onEvent });
    assert.equal(applied.ok, true, failures(applied));
    assert.deepEqual(applied.stacks[0]!.counts, engineCounts(up));
    published(applied, up, "up-import");
  });

  it("an output-only change: reported as such, not as 'no changes'", async () => {
    await sandbox!.setConfig(stack, { plain: { note: "release 42" } });
    const recorder = new EventRecorder();
    const report = await preview({ ...options(), onEvent: recorder.onEvent });
    assert.equal(report.ok, true, failures(report));
    assert.deepEqual(report.stacks[0]!.counts, engineCounts(recorder));
    assert.deepEqual(report.stacks[0]!.outputChanges, [{ name: "note", kind: "update" }]);
    assert.equal(report.hasChanges, true);
    const markdown = published(report, recorder, "preview-outputs");
    assert.match(markdown, /🟡 outputs change/);
    assert.match(markdown, /- `note` \(changed\)/);
    await sandbox!.up(stack);
  });

  it("a failed step: the resource is failed, the engine's result is failed, counts are the engine's", async () => {
    const stateDir = sandbox!.filesDir(stack);
    await sandbox!.setConfig(stack, { plain: { stateDir: join(stateDir, "missing", "dir") } });
    const recorder = new EventRecorder();
    const report = await deploy({ ...options(), onEvent: recorder.onEvent });
    assert.equal(report.ok, false);
    const run = report.stacks[0]!;
    assert.deepEqual(run.counts, engineCounts(recorder));
    assert.equal(run.result, "failed");
    assert.deepEqual(run.resources.filter((r) => r.state !== "done").map((r) => [r.name, r.state]), [["motd", "failed"]]);
    published(report, recorder, "up-failed");
    // The failed update removed the old file before failing: refresh, so the next update puts it back.
    await sandbox!.setConfig(stack, { plain: { stateDir } });
    await sandbox!.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", stack]);
  });

  it("a settled stack: no changes, a clean refresh, a plain update, a program that fails", async () => {
    const quiet = new EventRecorder();
    const settled = await preview({ ...options(), onEvent: quiet.onEvent });
    assert.equal(settled.ok, true, failures(settled));
    assert.equal(settled.hasChanges, false, JSON.stringify(settled.stacks[0]!.resources));
    assert.deepEqual(settled.stacks[0]!.counts, engineCounts(quiet));
    assert.match(published(settled, quiet, "preview-no-changes"), /\*\*No changes\.\*\*/);

    const refresh = new EventRecorder();
    const drift = await detectDrift({ ...options(), onEvent: refresh.onEvent });
    assert.equal(drift.ok && !drift.drifted, true, JSON.stringify(drift.stacks[0]));
    assertNoSecrets({ "the drift report": renderJsonReport(drift, { redactor }) }, secrets);
    refresh.save("refresh-clean", secrets);

    await sandbox!.setConfig(stack, { plain: { motd: "updated by a plain update" } });
    const update = new EventRecorder();
    const applied = await deploy({ ...options(), onEvent: update.onEvent });
    assert.equal(applied.ok, true, failures(applied));
    assert.deepEqual(applied.stacks[0]!.counts, engineCounts(update));
    assert.equal(applied.stacks[0]!.counts.update, 1);
    published(applied, update, "up-update");

    await sandbox!.setConfig(stack, { plain: { replicas: "9" } });
    const broken = new EventRecorder();
    const failed = await preview({ ...options(), onEvent: broken.onEvent });
    assert.equal(failed.stacks[0]!.error?.kind, "ProgramError", failures(failed));
    assert.match(published(failed, broken, "preview-program-error"), /replicas must be an integer from 1 to 5, got &quot;9&quot;|replicas must be an integer from 1 to 5, got "9"/);
    await sandbox!.removeConfig(stack, "replicas");
  });

  it("an update killed mid-step, and the run after it", async () => {
    const release = join(sandbox!.filesDir(stack), "release-step");
    await sandbox!.setConfig(stack, { plain: { holdStep: release, motd: "interrupted" } });
    const recorder = new EventRecorder();
    let settled = false;
    const running = deploy({ ...options(), onEvent: recorder.onEvent }).finally(() => (settled = true));
    try {
      await waitFor(() => existsSync(`${release}.held`) || settled, 300_000);
      if (settled) assert.fail(`the update ended before its step started: ${failures(await running)}`);
      const engines = processTable().filter(([, parent, comm]) => parent === process.pid && comm === "pulumi");
      assert.equal(engines.length, 1, `one engine process of ours: ${engines.join(", ")}`);
      // The engine dies at once; its language host and provider (our processes too) are ended after it.
      const tree = processTree(engines[0]![0]);
      process.kill(tree[0]!, "SIGKILL");
      const report = await running;
      for (const pid of tree.slice(1)) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      assert.equal(report.ok, false);
      assert.equal(engineCounts(recorder), undefined, "a killed engine sends no summary");
      assert.deepEqual(report.stacks[0]!.resources.filter((r) => r.state !== "done").map((r) => [r.name, r.state]), [["motd", "interrupted"]]);
      published(report, recorder, "up-interrupted");
    } finally {
      writeFileSync(release, "released");
    }

    // A killed engine leaves its lock behind on a file:// backend; the operator removes it.
    rmSync(join(sandbox!.dir, "state", ".pulumi", "locks"), { recursive: true, force: true });
    await sandbox!.removeConfig(stack, "holdStep");
    const next = new EventRecorder();
    const after = await deploy({ ...options(), onEvent: next.onEvent });
    assert.equal(after.ok, true, failures(after));
    assert.deepEqual(after.stacks[0]!.counts, engineCounts(next));
    assert.ok(after.stacks[0]!.diagnostics.some((d) => /1 pending operations from previous deployment[\s\S]*motd, interrupted while updating/.test(d.message)), JSON.stringify(after.stacks[0]!.diagnostics));
    published(after, next, "up-after-interrupt");
  });
});
