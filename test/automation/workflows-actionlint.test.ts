/**
 * The workflows under the real linter: actionlint (expressions, contexts,
 * action inputs, job graph) with shellcheck on every `run:` step. Missing tools
 * fail with the command that provides them; nothing is skipped.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { requireTool } from "../support/tools";

const ROOT = join(__dirname, "..", "..");
const actionlint = () => requireTool("actionlint", "bash scripts/install-actionlint.sh");
const shellcheck = () => requireTool("shellcheck", "apt-get install shellcheck");

function lint(cwd: string, args: string[] = []): { code: number | null; output: string } {
  const result = spawnSync(actionlint(), ["-no-color", "-shellcheck", shellcheck(), ...args], { cwd, encoding: "utf8" });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function workflowFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "actionlint-")), "ci.yml");
  writeFileSync(file, yaml);
  return file;
}

function lintScript(env: Record<string, string>): { code: number | null; stderr: string } {
  // A bare environment: only what the test gives, so no tool leaks in from the caller's PATH.
  const result = spawnSync("/bin/bash", [join(ROOT, "scripts", "lint-workflows.sh")], { cwd: tmpdir(), encoding: "utf8", env });
  return { code: result.status, stderr: result.stderr };
}

describe("workflows under actionlint and shellcheck", () => {
  it("every workflow in .github/workflows passes", () => {
    const result = lint(ROOT);
    assert.equal(result.code, 0, `actionlint found problems:\n${result.output}`);
  });

  it("the linter is live: a bad expression and an unquoted variable in a run: step are reported", () => {
    const file = workflowFile(
      ["on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo $FOO", "      - run: echo '${{ github.nope.sha }}'", ""].join("\n"),
    );
    const result = lint(tmpdir(), [file]);
    assert.equal(result.code, 1);
    assert.match(result.output, /SC2086/, "shellcheck ran on the run: step");
    assert.match(result.output, /property "nope" is not defined/, "actionlint checked the expression");
  });

  it("npm run lint:workflows fails naming the fix when actionlint is missing and cannot be built", () => {
    const result = lintScript({ PATH: "/nonexistent", HOME: mkdtempSync(join(tmpdir(), "home-")), GITOPS_TOOLCHAIN_CACHE: mkdtempSync(join(tmpdir(), "cache-")) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /go is required to build actionlint v1\.7\.12/);
    assert.match(result.stderr, /actionlint is missing and could not be built; run bash scripts\/install-actionlint\.sh \(needs Go\) or set ACTIONLINT/);
  });

  it("npm run lint:workflows rejects an ACTIONLINT that is not an executable", () => {
    const result = lintScript({ PATH: "/nonexistent", ACTIONLINT: "/nonexistent/actionlint" });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ACTIONLINT=\/nonexistent\/actionlint is not an executable/);
  });

  it("npm run lint:workflows says so when shellcheck is absent, and still lints", () => {
    const result = lintScript({ PATH: "/nonexistent", ACTIONLINT: actionlint() });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /shellcheck is not installed, so run: steps are not shell-checked \(Debian\/Ubuntu: apt-get install shellcheck\)/);
    assert.match(result.stderr, /passed actionlint/);
  });
});
