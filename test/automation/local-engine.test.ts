/**
 * The real seam (`localStackSelector`, the `pulumi` CLI run directly) against a
 * stand-in `pulumi` executable that writes a recorded stream into the event log
 * it is handed, split into pieces with pauses so the log is followed while it
 * grows. Proves the adapter end to end (arguments, environment, secret reads
 * once per stack, event streaming, outputs from the state, failures) without
 * the engine; test/integration runs the same seam against the real one.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { Redactor, deploy, detectDrift, localStackSelector, preview } from "../../automation";
import { FIXTURES, fixture } from "./helpers/fake-stack";

const SECRET = "hunter2-staging-db-password";
const STATE_SECRET = "Gen3rated-Passw0rd";

const HANDED_OFF = "urn:pulumi:staging::gitops-platform::gitops:argocd:ArgoCd$kubernetes:yaml/v2:ConfigGroup$kubernetes:v1:ConfigMap::argocd-install:argocd/argocd-cm";
/** `pulumi stack output --json [--show-secrets]`: a secret output, a nested secret, the hand-off list. */
const OUTPUTS = (shown: boolean) =>
  JSON.stringify({
    dbPassword: shown ? STATE_SECRET : "[secret]",
    endpoint: "db.example",
    nested: { token: shown ? "nested-t0ken-value" : "[secret]", region: "eu-west-1" },
    handedOffToArgoCd: [HANDED_OFF],
  });

/** A POSIX shell `pulumi` that answers the commands the seam runs. */
function fakePulumi(root: string, log: string): void {
  mkdirSync(join(root, "bin"), { recursive: true });
  writeFileSync(join(root, "outputs.json"), OUTPUTS(false));
  writeFileSync(join(root, "outputs-shown.json"), OUTPUTS(true));
  const script = `#!/bin/sh
echo "$*" >> '${log}'
env | grep -E '^PULUMI_(SKIP_UPDATE_CHECK|DISABLE_AUTOMATIC_PLUGIN_ACQUISITION|HOME)=' | sed 's/^/env: /' >> '${log}'
case "$1" in
  stack)
    case "$2" in
      output)
        case "$*" in
          *--show-secrets*) cat '${join(root, "outputs-shown.json")}' ;;
          *) cat '${join(root, "outputs.json")}' ;;
        esac ;;
    esac ;;
  config) echo '{"gitops-platform:dbPassword":{"value":"${SECRET}","secret":true},"aws:region":{"value":"eu-west-1","secret":false}}' ;;
  preview|up|refresh)
    [ -n "$FAKE_PULUMI_FAIL" ] && { echo "error: $FAKE_PULUMI_FAIL" >&2; exit 255; }
    fixture='${join(FIXTURES, "real-preview-changes.jsonl")}'
    [ "$1" = up ] && fixture='${join(FIXTURES, "real-up-update.jsonl")}'
    [ "$1" = refresh ] && fixture='${join(FIXTURES, "real-refresh-drift.jsonl")}'
    while [ $# -gt 0 ]; do
      if [ "$1" = "--event-log" ]; then
        # Half the stream, a pause longer than the seam's poll, the rest: the log is read while it grows.
        lines=$(wc -l < "$fixture")
        head -n $((lines / 2)) "$fixture" > "$2"
        sleep 1
        tail -n +$((lines / 2 + 1)) "$fixture" >> "$2"
      fi
      shift
    done ;;
esac
`;
  writeFileSync(join(root, "bin", "pulumi"), script);
  chmodSync(join(root, "bin", "pulumi"), 0o755);
}

const summaryCounts = (name: string) => fixture(name).find((e) => e.summaryEvent)!.summaryEvent!.resourceChanges;

describe("localStackSelector: the pulumi CLI, run directly", () => {
  let dir: string;
  let log: string;
  const selector = (env: Record<string, string> = {}) => localStackSelector({ pulumiRoot: join(dir, "pulumi"), pulumiHome: join(dir, "home"), env, envVars: env });
  const calls = () => readFileSync(log, "utf8");
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "gitops-local-engine-"));
    log = join(dir, "calls.log");
    fakePulumi(join(dir, "pulumi"), log);
    mkdirSync(join(dir, "project"));
    writeFileSync(join(dir, "project", "Pulumi.yaml"), "name: gitops-platform\nruntime: nodejs\n");
  });
  beforeEach(() => writeFileSync(log, ""));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("previews with one CLI process, its events read from the log while it grows", async () => {
    const redactor = new Redactor();
    const streamed: string[] = [];
    let firstEventAt = 0;
    const report = await preview({
      selectStack: selector(),
      workDir: join(dir, "project"),
      stacks: ["staging"],
      redactor,
      debugEvents: true,
      onEvent: (e) => void (streamed.push(JSON.stringify(e.event)), (firstEventAt ||= Date.now())),
    });
    const finishedAt = Date.now();
    assert.equal(report.ok, true, JSON.stringify(report.stacks[0]?.error));
    assert.ok(finishedAt - firstEventAt > 300, `events arrive while the engine runs, not only at its exit (${finishedAt - firstEventAt} ms before)`);
    assert.equal(streamed.length, fixture("real-preview-changes.jsonl").length, "every event, none lost at the pause or the end");
    assert.deepEqual(report.stacks[0]!.counts, summaryCounts("real-preview-changes.jsonl"));
    for (const secret of [SECRET, STATE_SECRET, "nested-t0ken-value"]) {
      assert.equal(redactor.redact(`x ${secret}`), "x [secret]", `learned ${secret} before the run finished`);
    }
    const lines = calls();
    assert.match(lines, /^preview --stack staging --color never --non-interactive --event-log \S+events\.jsonl$/m);
    assert.match(lines, /^config --show-secrets --json --stack staging --color never --non-interactive$/m);
    assert.match(lines, /^stack output --json --show-secrets --stack staging --color never --non-interactive$/m);
    assert.match(lines, /^stack output --json --stack staging --color never --non-interactive$/m);
    assert.doesNotMatch(lines, /^stack export/m, "never the whole state");
    assert.doesNotMatch(lines, /^(version|stack select)/m, "no version probe, no stack selection");
    assert.match(lines, /^env: PULUMI_SKIP_UPDATE_CHECK=true$/m);
    assert.match(lines, /^env: PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true$/m);
    assert.match(lines, new RegExp(`^env: PULUMI_HOME=${join(dir, "home")}$`, "m"));
  });

  it("reads the secrets once per stack for every operation of one selector", async () => {
    const selectStack = selector();
    const common = { selectStack, workDir: join(dir, "project"), stacks: ["staging"] };
    const [previewed, drift] = await Promise.all([preview(common), detectDrift(common)]);
    assert.equal(previewed.ok && drift.ok, true);
    const lines = calls();
    assert.equal(lines.match(/^config /gm)?.length, 1, "one `pulumi config`");
    assert.equal(lines.match(/^stack output --json --show-secrets /gm)?.length, 1, "one read of the outputs");
  });

  it("skips `pulumi config` for a stack whose settings file holds no secret", async () => {
    writeFileSync(join(dir, "project", "Pulumi.plain.yaml"), "config:\n  gitops-platform:environment: local\n");
    const report = await preview({ selectStack: selector(), workDir: join(dir, "project"), stacks: ["plain"] });
    assert.equal(report.ok, true, JSON.stringify(report.stacks[0]?.error));
    assert.doesNotMatch(calls(), /^config /m);
  });

  it("runs up and takes the outputs, secrets marked, from one export of the new state", async () => {
    const report = await deploy({ selectStack: selector(), workDir: join(dir, "project"), stacks: ["staging"] });
    assert.equal(report.ok, true, JSON.stringify(report.stacks[0]?.error));
    assert.deepEqual(report.stacks[0]!.outputs, { dbPassword: "[secret]", endpoint: "db.example", nested: { token: "[secret]", region: "eu-west-1" }, handedOffToArgoCd: [HANDED_OFF] });
    const lines = calls();
    assert.match(lines, /^up --yes --skip-preview --suppress-outputs --stack staging .*--event-log/m);
    assert.ok(lines.indexOf("config ") < lines.indexOf("up "), "the secrets are known before anything changes");
    assert.equal(lines.match(/^stack output --json --show-secrets /gm)?.length, 2, "the outputs before (secrets) and after the update");
  });

  it("detects drift with a refresh preview that leaves out what the stack hands off to Argo CD", async () => {
    const report = await detectDrift({ selectStack: selector(), workDir: join(dir, "project"), stacks: ["staging"] });
    assert.equal(report.stacks[0]!.status, "drifted", JSON.stringify(report.stacks[0]?.error));
    assert.match(calls(), /^refresh --preview-only --stack staging --color never --exclude \S+argocd-install:argocd\/argocd-cm --non-interactive --event-log/m);
  });

  it("classifies the CLI's own errors from what it printed", async () => {
    const report = await preview({ selectStack: selector({ FAKE_PULUMI_FAIL: "no stack named 'staging' found" }), workDir: join(dir, "project"), stacks: ["staging"] });
    assert.equal(report.stacks[0]!.error!.kind, "StackNotFoundError");
    assert.match(report.stacks[0]!.error!.message, /no stack named 'staging' found/);
  });

  it("names a missing CLI", async () => {
    const report = await preview({ selectStack: localStackSelector({ pulumiRoot: join(dir, "nowhere"), env: {} }), workDir: join(dir, "project"), stacks: ["staging"] });
    assert.equal(report.stacks[0]!.error!.kind, "ConfigurationError");
    assert.match(report.stacks[0]!.error!.message, /Pulumi CLI was not found/);
  });
});
