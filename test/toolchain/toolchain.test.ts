/**
 * scripts/toolchain.sh: pins that must agree with package-lock, the definitions' shape,
 * and the script's behaviour on a warm cache and with an unreachable Go module proxy.
 * No test here builds anything (cold builds take many minutes): builds are verified by
 * running `npm run toolchain` itself.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

const repo = path.resolve(__dirname, "..", "..");
const script = path.join(repo, "scripts", "toolchain.sh");
const defsDir = path.join(repo, "scripts", "toolchain");

function readVersions(): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(defsDir, "versions.env"), "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(\S+)\s*$/.exec(line);
    if (m) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

function lockedVersion(pkg: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(repo, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${pkg}`]?.version;
  assert.ok(version, `${pkg} is not in package-lock.json`);
  return version;
}

const semver = (v: string): number[] => v.split(".").map((n) => Number.parseInt(n, 10));
const atLeast = (a: string, b: string): boolean => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return true;
};

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync("bash", [script, ...args], { env, encoding: "utf8", timeout: 60_000 });
}

/** A cache holding a stub `pulumi` at the pinned version, as a finished earlier run leaves it. */
function warmCache(version: string): string {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-test-"));
  const bin = path.join(cache, `pulumi-${version}`, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho v${version}\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(cache, `pulumi-${version}`, ".complete"), "built in 1 s (test)\n");
  return cache;
}

describe("toolchain pins", () => {
  const versions = readVersions();

  it("builds the providers at the versions the npm SDKs ask the engine for", () => {
    assert.equal(versions.get("PULUMI_RANDOM_VERSION"), lockedVersion("@pulumi/random"));
    assert.equal(versions.get("PULUMI_KUBERNETES_VERSION"), lockedVersion("@pulumi/kubernetes"));
  });

  it("pins a CLI at least as new as the @pulumi/pulumi SDK", () => {
    const cli = versions.get("PULUMI_VERSION");
    assert.ok(cli);
    assert.ok(atLeast(cli, lockedVersion("@pulumi/pulumi")), `pulumi ${cli} is older than @pulumi/pulumi`);
  });

  it("has one wrapper module per binary set, each with its steps", () => {
    const names = fs.readdirSync(defsDir).filter((n) => fs.statSync(path.join(defsDir, n)).isDirectory());
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-random", "pulumi-resource-kubernetes", "etcd", "kube-apiserver"]) {
      assert.ok(names.includes(name), `scripts/toolchain/${name} is missing`);
    }
    for (const name of names) {
      // A definition may source a shared one (`source "$DEFS_DIR/<file>"`); check what bash ends up with.
      const tool = fs.readFileSync(path.join(defsDir, name, "tool.sh"), "utf8").replace(/^source "\$DEFS_DIR\/([\w.-]+)"$/gm, (_, shared: string) =>
        fs.readFileSync(path.join(defsDir, shared), "utf8"));
      assert.match(tool, /^TOOL_VERSION="\$[A-Z_]+_VERSION"$/m, `${name}/tool.sh must take its version from versions.env`);
      assert.match(tool, /^tool_build\(\) \{$/m, `${name}/tool.sh must define tool_build`);
      const gomod = fs.readFileSync(path.join(defsDir, name, "go.mod"), "utf8");
      assert.match(gomod, new RegExp(`^module local/toolchain/${name}$`, "m"));
    }
  });
});

describe("scripts/toolchain.sh", () => {
  const version = readVersions().get("PULUMI_VERSION")!;

  it("is valid bash and documents its flags", () => {
    assert.equal(spawnSync("bash", ["-n", script]).status, 0);
    const help = run(["--help"], process.env);
    assert.equal(help.status, 0);
    for (const flag of ["--lab", "--print-env", "--json", "--only", "--offline"]) assert.ok(help.stdout.includes(flag), flag);
    assert.equal(run(["--no-such-flag"], process.env).status, 2);
  });

  it("uses the cached binary and prints sourceable env lines, without building", () => {
    const cache = warmCache(version);
    try {
      const env = { ...process.env, GITOPS_TOOLCHAIN_CACHE: cache, GOPROXY: "http://127.0.0.1:9", GITOPS_TOOLCHAIN_OFFLINE: "1" };
      const res = run(["--only", "pulumi", "--print-env"], env);
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stderr, /pulumi [0-9.]+: cached/);
      const lines = res.stdout.trim().split("\n");
      const vars = new Map(lines.map((l) => /^export ([A-Z0-9_]+)="(.*)"$/.exec(l)).filter((m) => m).map((m) => [m![1]!, m![2]!]));
      assert.equal(vars.get("GITOPS_TOOLCHAIN_PULUMI"), path.join(cache, `pulumi-${version}`, "bin", "pulumi"));
      assert.equal(vars.get("PULUMI_HOME"), path.join(cache, "pulumi-home"));
      assert.equal(vars.get("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"), "true");
      const binDir = vars.get("GITOPS_TOOLCHAIN_BIN")!;
      assert.equal(fs.realpathSync(path.join(binDir, "pulumi")), path.join(cache, `pulumi-${version}`, "bin", "pulumi"));
      assert.equal(vars.get("PATH"), `${binDir}:\${PATH}`);
      // The same lines are kept in <cache>/toolchain.env for other scripts and lab/binaries.ts.
      assert.ok(fs.readFileSync(path.join(cache, "toolchain.env"), "utf8").includes(`export GITOPS_TOOLCHAIN_BIN="${binDir}"`));

      const json = run(["--only", "pulumi", "--json"], env);
      assert.equal(json.status, 0, json.stderr);
      assert.equal(JSON.parse(json.stdout).tools.pulumi, path.join(cache, `pulumi-${version}`, "bin", "pulumi"));
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it("fails fast with what is missing when the Go module proxy cannot be reached", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-test-"));
    try {
      // Nothing listens on port 9 of the loopback address: the probe fails at once.
      const env = { ...process.env, GITOPS_TOOLCHAIN_CACHE: cache, GOPROXY: "http://127.0.0.1:9", GITOPS_TOOLCHAIN_OFFLINE: "1", PATH: process.env.PATH };
      const started = Date.now();
      const res = run(["--only", "pulumi-language-nodejs"], env);
      assert.equal(res.status, 1);
      assert.ok(Date.now() - started < 30_000, "must not hang");
      if (spawnSync("bash", ["-c", "command -v go"]).status === 0) {
        assert.match(res.stderr, /Go module proxy \(http:\/\/127\.0\.0\.1:9\) did not answer/);
      } else {
        assert.match(res.stderr, /no 'go' is on PATH/);
      }
      assert.match(res.stderr, /put a prebuilt pulumi-language-nodejs on PATH/);
      assert.ok(!fs.existsSync(path.join(cache, `pulumi-language-nodejs-${readVersions().get("PULUMI_LANGUAGE_NODEJS_VERSION")}`)));
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
