/**
 * The real seam (LocalWorkspace from @pulumi/pulumi/automation) against a
 * stand-in `pulumi` executable that replays a fixture into the event log the
 * Automation API hands it. Proves the adapter end to end — selection, secret
 * config, event streaming, outputs — without the engine, which is not built yet.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redactor, deploy, detectDrift, localStackSelector, preview } from "../../automation";
import { FIXTURES, fixture, withPrintedSecret } from "./helpers/fake-stack";

const SECRET = "hunter2-staging-db-password";

/** A POSIX shell `pulumi` that answers the commands the Automation API runs; `preview` replays `previewEvents`. */
function fakePulumi(root: string, log: string, previewEvents: string): void {
  mkdirSync(join(root, "bin"), { recursive: true });
  const script = `#!/bin/sh
echo "$*" >> '${log}'
env | grep -E '^PULUMI_(SKIP_UPDATE_CHECK|DISABLE_AUTOMATIC_PLUGIN_ACQUISITION)=' | sed 's/^/env: /' >> '${log}'
case "$1" in
  version) echo "v3.200.0" ;;
  stack)
    case "$2" in
      select) ;;
      output)
        case "$*" in
          *--show-secrets*) echo '{"dbPassword":"Gen3rated-Passw0rd","endpoint":"db.example"}' ;;
          *) echo '{"dbPassword":"[secret]","endpoint":"db.example"}' ;;
        esac ;;
      history) echo '[{"kind":"update","startTime":"2025-11-26T12:00:00.000Z","message":"","environment":{},"config":{},"result":"succeeded","endTime":"2025-11-26T12:00:31.000Z","version":2}]' ;;
    esac ;;
  config) echo '{"gitops-platform:dbPassword":{"value":"${SECRET}","secret":true},"aws:region":{"value":"eu-west-1","secret":false}}' ;;
  preview|up|refresh)
    fixture='${previewEvents}'
    [ "$1" = up ] && fixture='${join(FIXTURES, "real-up-update.jsonl")}'
    [ "$1" = refresh ] && fixture='${join(FIXTURES, "real-refresh-kubernetes-drift.jsonl")}'
    while [ $# -gt 0 ]; do
      if [ "$1" = "--event-log" ]; then cat "$fixture" > "$2"; fi
      shift
    done
    sleep 0.5 ;;
esac
`;
  writeFileSync(join(root, "bin", "pulumi"), script);
  chmodSync(join(root, "bin", "pulumi"), 0o755);
}

describe("localStackSelector with the Automation API", () => {
  let dir: string;
  let log: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "gitops-local-engine-"));
    log = join(dir, "calls.log");
    // The recorded preview, with the secret config value printed in the clear for the adapter to mask.
    const previewEvents = join(dir, "preview-events.jsonl");
    writeFileSync(previewEvents, withPrintedSecret(fixture("real-preview-kubernetes.jsonl"), SECRET).map((e) => `${JSON.stringify(e)}\n`).join(""));
    fakePulumi(join(dir, "pulumi"), log, previewEvents);
    mkdirSync(join(dir, "project"));
    writeFileSync(join(dir, "project", "Pulumi.yaml"), "name: gitops-platform\nruntime: nodejs\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("previews through LocalWorkspace and builds the result from the event log", async () => {
    const redactor = new Redactor();
    const report = await preview({
      selectStack: localStackSelector({ pulumiRoot: join(dir, "pulumi"), env: {} }),
      workDir: join(dir, "project"),
      stacks: ["staging"],
      redactor,
    });
    assert.equal(report.ok, true, JSON.stringify(report.stacks[0]?.error));
    const summary = fixture("real-preview-kubernetes.jsonl").find((e) => e.summaryEvent)!.summaryEvent!;
    assert.deepEqual(report.stacks[0]!.counts, summary.resourceChanges);
    assert.deepEqual(report.stacks[0]!.resources.map((r) => r.op).sort(), ["create", "create", "create", "delete", "replace", "replace", "update", "update"]);
    assert.ok(report.stacks[0]!.diagnostics.some((d) => d.message === "connecting to the database with password [secret]"));
    assert.ok(!JSON.stringify(report).includes(SECRET), "the secret config value read through `pulumi config` is masked");
    const calls = readFileSync(log, "utf8");
    assert.match(calls, /^stack select --stack staging/m);
    assert.match(calls, /^config --show-secrets --json --stack staging/m);
    assert.match(calls, /^preview .*--color never.*--event-log \S+.*--stack staging/m);
    assert.match(calls, /^env: PULUMI_SKIP_UPDATE_CHECK=true$/m);
    assert.match(calls, /^env: PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true$/m);
  });

  it("runs up and masks outputs the engine marks secret", async () => {
    const report = await deploy({
      selectStack: localStackSelector({ pulumiRoot: join(dir, "pulumi"), env: {} }),
      workDir: join(dir, "project"),
      stacks: ["staging"],
    });
    assert.equal(report.ok, true, JSON.stringify(report.stacks[0]?.error));
    assert.deepEqual(report.stacks[0]!.outputs, { dbPassword: "[secret]", endpoint: "db.example" });
    assert.match(readFileSync(log, "utf8"), /^up --yes --skip-preview .*--color never/m);
  });

  it("detects drift with a refresh preview", async () => {
    const report = await detectDrift({
      selectStack: localStackSelector({ pulumiRoot: join(dir, "pulumi"), env: {} }),
      workDir: join(dir, "project"),
      stacks: ["staging"],
    });
    assert.equal(report.stacks[0]!.status, "drifted", JSON.stringify(report.stacks[0]?.error));
    assert.deepEqual(report.stacks[0]!.resources.map((r) => [r.name, r.kind]).sort(), [["feature-a", "deleted"], ["settings", "changed"], ["shop", "changed"]]);
    assert.match(readFileSync(log, "utf8"), /^refresh --preview-only .*--event-log/m);
  });
});
