/**
 * A change to the program, driven by stack configuration, previewed through
 * the library and the CLI against the real engine: every kind of change shows
 * up in the PR comment with its property names, and no secret (secret config,
 * a generated password) shows up anywhere, even when the program prints one.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redactor, deploy, preview, renderJsonReport, renderPreviewComment } from "../../automation";
import { gitops } from "./support/cli";
import { EventRecorder, assertNoSecrets } from "./support/recorder";
import { Sandbox } from "./support/sandbox";
import { failures } from "./support/scenarios";
import { DB_PASSWORD, ROTATED_DB_PASSWORD } from "./support/secrets";

/** The `<details>` block of one resource in the comment. */
function resourceSection(comment: string, name: string): string {
  const start = comment.indexOf(`<b>${name}</b> <code>`);
  assert.ok(start >= 0, `the comment has a section for ${name}`);
  return comment.slice(comment.lastIndexOf("<details>", start), comment.indexOf("</details>", start));
}

describe("a change previewed against the real engine", () => {
  let sandbox: Sandbox | undefined;
  let stack = "";
  /** Every secret value the stack has had: none may appear in any output. */
  const secrets = [DB_PASSWORD, ROTATED_DB_PASSWORD];

  before(async () => {
    sandbox = Sandbox.create("changes");
    sandbox.activate();
    // The program logs its generated password (a careless program) on every run.
    stack = await sandbox.createStack("changes", { plain: { extraPets: "a", echoPassword: "true" }, secret: { dbPassword: DB_PASSWORD } });
  });

  after(async () => {
    assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
  });

  it("deploy masks a generated password the program printed, in the typed report too", async () => {
    const report = await deploy({ workDir: sandbox!.workDir, stacks: [stack], engine: sandbox!.engine });
    assert.equal(report.ok, true, failures(report));
    const password = String((await sandbox!.outputsWithSecrets(stack)).generatedPassword);
    assert.match(password, /^[A-Za-z0-9]{24}$/);
    secrets.push(password);
    assert.equal(report.stacks[0]!.outputs.generatedPassword, "[secret]");
    assert.deepEqual(report.stacks[0]!.diagnostics, [{ severity: "warning", message: "generated password [secret]" }]);
    assertNoSecrets({ "the deploy report": JSON.stringify(report) }, secrets);
  });

  it("the PR comment and JSON report show creates, updates, replacements and deletes with their properties", async () => {
    await sandbox!.setConfig(stack, {
      // This run's event stream is recorded as a fixture, which must hold no secret. The
      // SDK's debug diagnostics quote every RegisterResource response in plaintext, so
      // the password is replaced here (its result unknown) and the program stays quiet.
      plain: { petPrefix: "changed", motd: "a new message", extraPets: "b", passwordLength: "32", echoPassword: "false" },
      secret: { dbPassword: ROTATED_DB_PASSWORD },
    });
    const recorder = new EventRecorder();
    const redactor = new Redactor();
    const report = await preview({ workDir: sandbox!.workDir, stacks: [stack], engine: sandbox!.engine, redactor, onEvent: recorder.onEvent, debugEvents: true });
    assert.equal(report.ok, true, failures(report));
    assert.equal(report.hasChanges, true);

    const byName = new Map(report.stacks[0]!.resources.map((r) => [r.name, r]));
    assert.equal(byName.get("pet")?.op, "replace");
    assert.deepEqual(byName.get("pet")?.replacementProperties, ["prefix"]);
    assert.deepEqual(byName.get("pet")?.steps, ["create-replacement", "replace", "delete-replaced"]);
    assert.equal(byName.get("token")?.op, "replace", "a rotated secret keeper replaces the token");
    assert.deepEqual(byName.get("token")?.replacementProperties, ["keepers"]);
    assert.equal(byName.get("password")?.op, "replace");
    assert.deepEqual(byName.get("password")?.replacementProperties, ["length"]);
    assert.equal(byName.get("motd")?.op, "update");
    assert.deepEqual(byName.get("motd")?.changedProperties, ["content"]);
    assert.equal(byName.get("extra-a")?.op, "delete");
    assert.equal(byName.get("extra-b")?.op, "create");
    assert.deepEqual(report.stacks[0]!.resources.filter((r) => r.op === "same"), [], "unchanged resources are not listed");
    const counts = report.stacks[0]!.counts;
    assert.deepEqual([counts.create, counts.replace, counts.delete], [1, 3, 1]);

    const comment = renderPreviewComment(report, { redactor }).join("\n");
    assert.match(resourceSection(comment, "pet"), /<code>\+- replace<\/code>[\s\S]*- `prefix` \(forces replacement\)/);
    assert.match(resourceSection(comment, "token"), /<code>\+- replace<\/code>[\s\S]*- `keepers` \(forces replacement\)/);
    assert.match(resourceSection(comment, "motd"), /<code>~ update<\/code>[\s\S]*- `content`\n/);
    assert.match(resourceSection(comment, "extra-a"), /<code>- delete<\/code>[\s\S]*The resource will be deleted\./);
    assert.match(resourceSection(comment, "extra-b"), /<code>\+ create<\/code>[\s\S]*New resource\./);

    const json = renderJsonReport(report, { redactor });
    const parsed = JSON.parse(json) as { stacks: { resources: { name: string; changedProperties: string[] }[] }[] };
    assert.deepEqual(parsed.stacks[0]!.resources.find((r) => r.name === "motd")?.changedProperties, ["content"]);
    assertNoSecrets({ "the PR comment": comment, "the JSON report": json, "the typed report": JSON.stringify(report) }, secrets);
    recorder.save("preview-changes", secrets);
  });

  it("gitops preview's comment, JSON report file and logs carry no secret, even one the program printed", async () => {
    // The password unchanged again, so its result is known during the preview and the program prints it.
    await sandbox!.setConfig(stack, { plain: { passwordLength: "24", echoSecret: "true", echoPassword: "true" } });
    const reportFile = join(sandbox!.dir, "preview-report.json");
    const result = await gitops(sandbox!, ["preview", "--stack", stack, "--report-file", reportFile]);
    assert.equal(result.code, 0, result.stderr);
    const json = readFileSync(reportFile, "utf8");
    assert.match(result.stdout, /warning: connecting to the database with password \[secret\]/);
    assert.match(result.stdout, /warning: generated password \[secret\]/);
    assert.match(result.stdout, /- `prefix` \(forces replacement\)/, "the comment describes the pending change");
    assert.match(result.stderr, new RegExp(`^\\[${stack}\\] replace random:index/randomPet:RandomPet pet$`, "m"));
    assertNoSecrets({ "gitops preview stdout": result.stdout, "gitops preview stderr": result.stderr, "the report file": json }, secrets);
  });
});
