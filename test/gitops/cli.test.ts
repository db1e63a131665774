import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Command } from "commander";
import { registerLintCommands, runGenerate, runLint, type CommandIo } from "../../cli/commands/lint";
import { registerNewAppCommand, runNewApp } from "../../cli/commands/new-app";
import { BASE_FIXTURE, copyRepositoryYaml, materializeFixture, removeTree } from "./support/trees";

function collect(): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
}

describe("gitops CLI commands", () => {
  it("registers lint, generate and new-app with their options", () => {
    const program = new Command();
    registerLintCommands(program);
    registerNewAppCommand(program);
    const options = (name: string) => program.commands.find((c) => c.name() === name)?.options.map((o) => o.long);
    assert.deepEqual(options("lint"), ["--root", "--json", "--format"]);
    assert.deepEqual(options("generate"), ["--root", "--check"]);
    assert.deepEqual(options("new-app"), ["--root", "--team", "--namespace", "--image", "--port"]);
  });

  it("lint prints file:line: [rule] message on stdout, progress on stderr, and exits 1 on findings", async () => {
    const root = materializeFixture("external-secret-key");
    try {
      const io = collect();
      assert.equal(await runLint({ root }, io), 1);
      assert.equal(io.out.length, 1);
      assert.match(io.out[0] ?? "", /^apps\/overlays\/staging\/web\/external-secret\.yaml:13: \[external-secret-key\] /);
      assert.match(io.err.join("\n"), /1 error\(s\)/);
    } finally {
      removeTree(root);
    }
  });

  it("lint --json prints one parseable document and exits 0 when clean", async () => {
    const io = collect();
    assert.equal(await runLint({ root: BASE_FIXTURE, json: true }, io), 0);
    const report = JSON.parse(io.out.join("\n")) as { findings: unknown[]; builds: number };
    assert.deepEqual(report.findings, []);
    assert.equal(report.builds, 1);
  });

  it("lint fails with instructions, not a skip, when kustomize cannot be found", async () => {
    const saved = process.env.KUSTOMIZE;
    process.env.KUSTOMIZE = "/nonexistent/kustomize";
    try {
      const io = collect();
      assert.equal(await runLint({ root: BASE_FIXTURE }, io), 1);
      assert.match(io.err.join("\n"), /go install sigs\.k8s\.io\/kustomize\/kustomize\/v5@v5\.8\.1/);
    } finally {
      if (saved === undefined) delete process.env.KUSTOMIZE;
      else process.env.KUSTOMIZE = saved;
    }
  });

  it("generate --check passes on the base fixture, fails on an edited file, and generate repairs it", async () => {
    const root = materializeFixture("generated-files");
    try {
      assert.equal(await runGenerate({ root, check: true }, collect()), 1);
      const io = collect();
      assert.equal(await runGenerate({ root }, io), 0);
      assert.ok(io.err.includes("wrote argocd/projects/staging.yaml"));
      assert.ok(io.err.includes("deleted argocd/applications/staging/retired.yaml"));
      assert.equal(existsSync(join(root, "argocd/applications/staging/retired.yaml")), false);
      assert.equal(await runGenerate({ root, check: true }, collect()), 0);
    } finally {
      removeTree(root);
    }
  });

  it("generate refuses to write when a stack file is invalid", async () => {
    const root = materializeFixture("stack-config");
    try {
      const io = collect();
      assert.equal(await runGenerate({ root }, io), 1);
      assert.match(io.out[0] ?? "", /^Pulumi\.staging\.yaml:19: \[stack-config\]/);
    } finally {
      removeTree(root);
    }
  });

  it("new-app lists what it wrote, and refuses with every reason and exit 1", async () => {
    const root = await copyRepositoryYaml();
    try {
      const io = collect();
      assert.equal(await runNewApp("billing", { root, port: "8080" }, io), 0);
      assert.ok(io.out.includes("created apps/base/billing/deployment.yaml"));
      assert.ok(io.out.includes("updated Pulumi.staging.yaml"));
      const refused = collect();
      assert.equal(await runNewApp("billing", { root, image: "nginx" }, refused), 1);
      const badPort = collect();
      assert.equal(await runNewApp("ledger", { root, port: "http" }, badPort), 1);
      assert.match(badPort.err.join("\n"), /--port http is not a port number/);
      const message = refused.err.join("\n");
      assert.match(message, /already exists: apps\/base\/billing/);
      assert.match(message, /image nginx has no tag/);
    } finally {
      removeTree(root);
    }
  });
  it("lint --format sarif prints a SARIF 2.1.0 log with each finding's rule, level, file and line", async () => {
    const root = materializeFixture("application-set--generators");
    try {
      const io = collect();
      assert.equal(await runLint({ root, format: "sarif" }, io), 1);
      const log = JSON.parse(io.out.join("\n"));
      assert.equal(log.version, "2.1.0");
      const run = log.runs[0];
      assert.equal(run.invocations[0].executionSuccessful, true);
      const results = run.results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]);
      assert.deepEqual(results, [
        ["application-set", "warning", "argocd/applications/staging/overlays.yaml", 15],
        ["application-set", "error", "argocd/applications/staging/overlays.yaml", 52],
        ["application-set", "error", "argocd/applications/staging/overlays.yaml", 54],
      ]);
      for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    } finally {
      removeTree(root);
    }
  });

  it("lint --json and --format sarif stay valid JSON when the lint cannot run, and an unknown format is refused", async () => {
    const saved = process.env.KUSTOMIZE;
    process.env.KUSTOMIZE = "/nonexistent/kustomize";
    try {
      const json = collect();
      assert.equal(await runLint({ root: BASE_FIXTURE, json: true }, json), 1);
      const report = JSON.parse(json.out.join("\n"));
      assert.match(report.error, /kustomize not found/);
      assert.deepEqual(report.findings, []);
      const sarif = collect();
      assert.equal(await runLint({ root: BASE_FIXTURE, format: "sarif" }, sarif), 1);
      const invocation = JSON.parse(sarif.out.join("\n")).runs[0].invocations[0];
      assert.equal(invocation.executionSuccessful, false);
      assert.match(invocation.toolExecutionNotifications[0].message.text, /kustomize not found/);
    } finally {
      if (saved === undefined) delete process.env.KUSTOMIZE;
      else process.env.KUSTOMIZE = saved;
    }
    const unknown = collect();
    assert.equal(await runLint({ root: BASE_FIXTURE, format: "xml" }, unknown), 1);
    assert.match(unknown.err.join("\n"), /--format xml is not one of text, json, sarif/);
  });

  it("lint --json is valid JSON on unparseable and hostile input, naming each file", async () => {
    const root = materializeFixture("yaml-syntax--alias-bomb");
    try {
      writeFileSync(join(root, "argocd", "applications", "staging", "broken.json"), '{"apiVersion": "argoproj.io/v1alpha1",\n "kind": "Application"');
      const io = collect();
      assert.equal(await runLint({ root, json: true }, io), 1);
      const files = (JSON.parse(io.out.join("\n")).findings as { file: string; rule: string }[]).map((f) => `${f.rule} ${f.file}`);
      assert.deepEqual(files, ["yaml-syntax .github/workflows/laughs.yaml", "yaml-syntax argocd/applications/staging/broken.json", "yaml-syntax docs/laughs.yml"]);
    } finally {
      removeTree(root);
    }
  });

  it("generate and new-app are not stopped by an alias bomb elsewhere in the repository", async () => {
    const root = materializeFixture("yaml-syntax--alias-bomb");
    try {
      assert.equal(await runGenerate({ root, check: true }, collect()), 0);
      const io = collect();
      assert.equal(await runNewApp("ledger", { root }, io), 0);
      assert.ok(io.out.includes("created apps/base/ledger/deployment.yaml"));
    } finally {
      removeTree(root);
    }
  });
});
