/**
 * Drift against the real engine: the managed file (a dynamic-provider resource
 * whose real state is a file) is edited out of band; `gitops drift` finds it,
 * `gitops drift --remediate` restores it, and the next run is clean.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DriftReport, detectDrift } from "../../automation";
import { gitops } from "./support/cli";
import { EventRecorder, RECORDING, assertNoSecrets } from "./support/recorder";
import { Sandbox } from "./support/sandbox";
import { DB_PASSWORD } from "./support/secrets";

const TAMPERED = "edited by hand on the server";

describe("drift of a resource changed outside the engine", () => {
  let sandbox: Sandbox | undefined;
  let stack = "";
  let motd = "";
  let secrets: string[] = [];

  before(async () => {
    sandbox = Sandbox.create("drift");
    sandbox.activate();
    stack = await sandbox.createStack("drift", { secret: { dbPassword: DB_PASSWORD } });
    await sandbox.up(stack);
    motd = join(sandbox.filesDir(stack), "motd.txt");
    secrets = [DB_PASSWORD, String((await sandbox.outputsWithSecrets(stack)).generatedPassword)];
  });

  after(async () => {
    assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
  });

  const drift = (...extra: string[]) => gitops(sandbox!, ["drift", "--stack", stack, "--json", ...extra]);

  it("a freshly deployed stack has no drift: exit 0", async () => {
    const result = await drift();
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as DriftReport).stacks[0]!.status, "clean");
  });

  it("finds an out-of-band change and names the property: exit 2", async () => {
    writeFileSync(motd, TAMPERED);
    if (RECORDING) {
      // The CLI's engine events are not reachable from here; the library run records the same refresh.
      const recorder = new EventRecorder();
      await detectDrift({ workDir: sandbox!.workDir, stacks: [stack], engine: sandbox!.engine, onEvent: recorder.onEvent, debugEvents: true });
      recorder.save("refresh-drift", secrets);
    }
    const result = await drift();
    assert.equal(result.code, 2, result.stderr);
    const report = JSON.parse(result.stdout) as DriftReport;
    assert.equal(report.drifted, true);
    assert.equal(report.stacks[0]!.status, "drifted");
    assert.deepEqual(
      report.stacks[0]!.resources.map((r) => ({ name: r.name, kind: r.kind, properties: r.properties })),
      [{ name: "motd", kind: "changed", properties: [{ path: "content", expected: "hello", actual: TAMPERED }] }],
    );
    assert.equal(readFileSync(motd, "utf8"), TAMPERED, "detection only reads");
    assertNoSecrets({ "gitops drift stdout": result.stdout, "gitops drift stderr": result.stderr }, secrets);
  });

  it("--remediate restores the declared state", async () => {
    const result = await drift("--remediate");
    // Drift was found (exit 2) and fixed; the report says both.
    assert.equal(result.code, 2, result.stderr);
    const report = JSON.parse(result.stdout) as DriftReport;
    assert.deepEqual(report.stacks[0]!.remediation, { status: "succeeded" });
    assert.equal(readFileSync(motd, "utf8"), "hello", "the file has its declared content again");
  });

  it("the next drift run is clean: exit 0", async () => {
    const result = await drift();
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as DriftReport;
    assert.equal(report.drifted, false);
    assert.deepEqual(report.stacks[0]!.resources, []);
  });
});
