/**
 * scripts/toolchain.sh: pins that must agree with package-lock, the definitions' shape,
 * and the script's behaviour on a warm cache and with an unreachable Go module proxy.
 * No test here builds anything (cold builds take many minutes): builds are verified by
 * running `npm run toolchain` itself.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
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

  const names = (): string[] => fs.readdirSync(defsDir).filter((n) => n !== "lab-modules" && fs.statSync(path.join(defsDir, n)).isDirectory());

  it("has a wrapper module per binary set (or the lab's shared one), each with its steps", () => {
    const names = fs.readdirSync(defsDir).filter((n) => fs.statSync(path.join(defsDir, n)).isDirectory());
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-random", "pulumi-resource-kubernetes", "etcd", "kube-apiserver", "kube-scheduler", "kwok", "argocd", "helm", "kubectl"]) {
      assert.ok(names.includes(name), `scripts/toolchain/${name} is missing`);
    }
    for (const name of names.filter((n) => n !== "lab-modules")) {
      // A definition may source a shared one (`source "$DEFS_DIR/<file>"`); check what bash ends up with.
      const tool = fs.readFileSync(path.join(defsDir, name, "tool.sh"), "utf8").replace(/^source "\$DEFS_DIR\/([\w.-]+)"$/gm, (_, shared: string) =>
        fs.readFileSync(path.join(defsDir, shared), "utf8"));
      assert.match(tool, /^TOOL_VERSION="\$[A-Z_]+_VERSION"$/m, `${name}/tool.sh must take its version from versions.env`);
      assert.match(tool, /^ *tool_build\(\) \{/m, `${name}/tool.sh must define tool_build`);
      // Its own wrapper module, or the lab's shared module graph.
      const gomod = tool.includes("lab_module_build") ? path.join(defsDir, "lab-modules", "go.mod") : path.join(defsDir, name, "go.mod");
      assert.match(fs.readFileSync(gomod, "utf8"), new RegExp(`^module local/toolchain/${tool.includes("lab_module_build") ? "lab" : name}$`, "m"));
    }
  });

  it("builds every lab binary of Kubernetes' code from one module graph, at the Kubernetes version the lab pins", () => {
    const gomod = fs.readFileSync(path.join(defsDir, "lab-modules", "go.mod"), "utf8");
    const tools = fs.readFileSync(path.join(defsDir, "lab-modules", "tools.go"), "utf8");
    const versions = readVersions();
    assert.match(gomod, new RegExp(`^\\tk8s\\.io/kubernetes v${versions.get("KUBERNETES_VERSION")!.replace(/\./g, "\\.")}$`, "m"));
    assert.match(gomod, new RegExp(`^\\tgithub\\.com/argoproj/argo-cd/v3 v${versions.get("ARGOCD_VERSION")!.replace(/\./g, "\\.")}$`, "m"));
    assert.match(gomod, new RegExp(`^\\tsigs\\.k8s\\.io/kwok v${versions.get("KWOK_VERSION")!.replace(/\./g, "\\.")}$`, "m"));
    assert.match(gomod, new RegExp(`^\\thelm\\.sh/helm/v4 v${versions.get("HELM_VERSION")!.replace(/\./g, "\\.")}$`, "m"));
    // The k8s.io staging modules at the matching v0.<minor>.<patch>, so every binary agrees.
    const staging = `v0.${versions.get("KUBERNETES_VERSION")!.split(".").slice(1).join(".")}`;
    const replaced = [...gomod.matchAll(/^\tk8s\.io\/([\w-]+) => k8s\.io\/[\w-]+ (v\S+)$/gm)];
    assert.ok(replaced.length > 20);
    for (const [, module, version] of replaced) assert.equal(version, staging, `k8s.io/${module}`);
    for (const name of names()) {
      const tool = fs.readFileSync(path.join(defsDir, name, "tool.sh"), "utf8");
      if (!tool.includes("lab-module-binary.sh")) continue;
      const pkg = /LAB_PACKAGE=(\S+)/.exec(tool)?.[1] ?? `k8s.io/kubernetes/cmd/${name}`;
      assert.ok(tools.includes(`_ "${pkg}"`), `lab-modules/tools.go must import ${pkg} (${name})`);
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

/**
 * The real script with a stand-in definition and a stand-in `go` on PATH: how it behaves
 * around a build (quiet, failing, or a step that fails where nothing expected it), without
 * building anything.
 */
describe("scripts/toolchain.sh around a build", () => {
  function sandbox(goScript: string, toolBuild = 'go_build "$1" "$2/fake" ./cmd/fake'): { dir: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-build-"));
    fs.mkdirSync(path.join(dir, "toolchain", "fake"), { recursive: true });
    fs.mkdirSync(path.join(dir, "stubs"));
    fs.copyFileSync(script, path.join(dir, "toolchain.sh"));
    fs.writeFileSync(path.join(dir, "toolchain", "versions.env"), "FAKE_VERSION=1.0.0\n");
    fs.writeFileSync(path.join(dir, "toolchain", "fake", "tool.sh"), `TOOL_VERSION="$FAKE_VERSION"\nTOOL_BINARIES=(fake)\ntool_build() {\n  ${toolBuild}\n}\n`);
    // `go env X` answers like Go; `go build -o OUT ...` runs the test's script with OUT in $OUT.
    fs.writeFileSync(
      path.join(dir, "stubs", "go"),
      `#!/bin/bash\nif [ "$1" = env ]; then case "$2" in GOPROXY) echo off;; GOVERSION) echo go0.0-stub;; esac; exit 0; fi\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && OUT="$2"; shift; done\n${goScript}\n`,
      { mode: 0o755 },
    );
    const env = { ...process.env, PATH: `${path.join(dir, "stubs")}:${process.env.PATH}`, GITOPS_TOOLCHAIN_CACHE: path.join(dir, "cache"), GITOPS_TOOLCHAIN_OFFLINE: "1", GITOPS_TOOLCHAIN_PROGRESS_SECONDS: "2" };
    return { dir, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const runIn = (dir: string, env: NodeJS.ProcessEnv) => spawnSync("bash", [path.join(dir, "toolchain.sh"), "--only", "fake"], { env, encoding: "utf8", timeout: 60_000 });

  it("keeps going through a build that prints nothing for longer than its progress interval", () => {
    // Silent for 5 s (progress every 2 s): the log stays empty, as when Go has nothing to download.
    const { dir, env, cleanup } = sandbox('sleep 5; printf "#!/bin/sh\\necho fake\\n" > "$OUT"; chmod +x "$OUT"');
    try {
      const res = runIn(dir, env);
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stderr, /still building fake \(\d+ s elapsed\)/);
      assert.match(res.stderr, /built fake in \d+ s/);
      assert.match(res.stderr, /fake 1\.0\.0: ready \(built in \d+ s with go0\.0-stub/);
      assert.ok(fs.existsSync(path.join(dir, "cache", "fake-1.0.0", "bin", "fake")));
    } finally {
      cleanup();
    }
  });

  it("names a failed build, shows the log's tail and says what to do", () => {
    const { dir, env, cleanup } = sandbox('echo "compile: undefined: Frobnicate" >&2; exit 2');
    try {
      const res = runIn(dir, env);
      assert.equal(res.status, 1);
      assert.match(res.stderr, /compile: undefined: Frobnicate/);
      assert.match(res.stderr, /toolchain: error: building fake failed \(full log: .*fake-1\.0\.0\.log\)/);
      assert.match(res.stderr, /put a prebuilt binary on PATH/);
      assert.ok(!fs.existsSync(path.join(dir, "cache", "fake-1.0.0")), "no half-built cache entry");
    } finally {
      cleanup();
    }
  });

  it("never exits silently: a step failing where nothing expected it is named with its line", () => {
    const { dir, env, cleanup } = sandbox("exit 0", 'echo "step output" >>"$BUILD_LOG"; false');
    try {
      const res = runIn(dir, env);
      assert.equal(res.status, 1);
      assert.match(res.stderr, /toolchain: error: unexpected failure \(exit 1\) at scripts\/toolchain\.sh line \d+: false/);
      assert.match(res.stderr, /step output/);
    } finally {
      cleanup();
    }
  });
});

describe("provider plugins the lockfile's SDKs ask for", () => {
  const expected = spawnSync("node", [path.join(defsDir, "sdk-plugins.js"), repo], { encoding: "utf8" }).stdout.trim().split("\n").map((l) => l.split(" ") as [string, string]);

  /** A warm cache whose stub `pulumi` implements `plugin install ... --file` as the real one lays plugins out. */
  function cacheWithPluginInstaller(): string {
    const version = readVersions().get("PULUMI_VERSION")!;
    const cache = warmCache(version);
    fs.writeFileSync(
      path.join(cache, `pulumi-${version}`, "bin", "pulumi"),
      `#!/bin/bash\nif [ "$1" = plugin ]; then d="$PULUMI_HOME/plugins/$3-$4-v$5"; mkdir -p "$d"; cp "$7" "$d/pulumi-$3-$4"; exit 0; fi\necho v${version}\n`,
      { mode: 0o755 },
    );
    return cache;
  }

  const runAsync = (args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn("bash", [script, ...args], { env });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (status) => resolve({ status, stderr }));
    });

  it("are derived from package-lock.json: every @pulumi resource SDK at its locked version", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(repo, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    assert.deepEqual(expected.map(([n]) => n).sort(), ["aws", "eks", "kubernetes", "random"]);
    for (const [name, version] of expected) assert.equal(version, lock.packages[`node_modules/@pulumi/${name}`]!.version, name);
  });

  it("are downloaded from release-shaped archives and installed into PULUMI_HOME when the download is reachable", async () => {
    const cache = cacheWithPluginInstaller();
    const archives = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-archives-"));
    const requested: string[] = [];
    const server = http.createServer((req, res) => {
      const m = /^\/plugins\/pulumi-resource-([a-z]+)-v([\d.]+)-linux-(amd64|arm64)\.tar\.gz$/.exec(req.url ?? "");
      if (!m) return void res.writeHead(404).end();
      requested.push(`${m[1]} ${m[2]}`);
      const dir = fs.mkdtempSync(path.join(archives, "a-"));
      fs.writeFileSync(path.join(dir, `pulumi-resource-${m[1]}`), `#!/bin/sh\necho ${m[1]}-${m[2]}\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, "LICENSE"), "test");
      const tgz = spawnSync("tar", ["-czf", "-", "-C", dir, "."], { maxBuffer: 1 << 20 }).stdout;
      res.writeHead(200, { "content-type": "application/gzip" }).end(tgz);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/plugins`;
      const env = { ...process.env, GITOPS_TOOLCHAIN_CACHE: cache, GITOPS_TOOLCHAIN_OFFLINE: "0", GITOPS_PLUGIN_BASE_URL: base };
      const res = await runAsync(["--only", "pulumi"], env);
      assert.equal(res.status, 0, res.stderr);
      for (const [name, version] of expected) {
        const plugin = path.join(cache, "pulumi-home", "plugins", `resource-${name}-v${version}`, `pulumi-resource-${name}`);
        assert.equal(fs.readFileSync(plugin, "utf8"), `#!/bin/sh\necho ${name}-${version}\n`, name);
      }
      assert.doesNotMatch(res.stderr, /cannot provide/);
      // A second run finds them installed and downloads nothing.
      const downloads = requested.length;
      assert.equal((await runAsync(["--only", "pulumi"], env)).status, 0);
      assert.equal(requested.length, downloads);
    } finally {
      server.close();
      fs.rmSync(cache, { recursive: true, force: true });
      fs.rmSync(archives, { recursive: true, force: true });
    }
  });

  it("offline, says which plugins it cannot provide and that their stacks run only under mocks", async () => {
    const cache = cacheWithPluginInstaller();
    try {
      const res = await runAsync(["--only", "pulumi"], { ...process.env, GITOPS_TOOLCHAIN_CACHE: cache, GITOPS_TOOLCHAIN_OFFLINE: "1" });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stderr, new RegExp(`cannot provide the provider plugins ${expected.map(([n, v]) => `${n} ${v.replace(/\./g, "\\.")}`).join(", ")} `));
      assert.match(res.stderr, /run here only under mocks/);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
