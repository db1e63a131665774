import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { MissingBinaryError, parseToolchainEnv, resolveArgoCdBinaries, resolveBinaries } from "../../lab/binaries";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "lab-binaries-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function fakeBinary(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
  return file;
}

// A fake git answers --exec-path with a directory holding its daemon, as git does.
const gitExec = path.join(root, "git-core");
fakeBinary(gitExec, "git-daemon");
function fakeGit(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "git");
  fs.writeFileSync(file, `#!/bin/sh\necho ${gitExec}\n`, { mode: 0o755 });
  return file;
}

const NAMES = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "git"];

describe("binary resolution", () => {
  it("reads export lines from toolchain.env, ignoring PATH and comments", () => {
    const vars = parseToolchainEnv('# comment\nexport GITOPS_TOOLCHAIN_BIN="/c/bin"\nexport PATH="/c/bin:${PATH}"\nexport GITOPS_TOOLCHAIN_ETCD="/c/etcd"\n');
    assert.equal(vars.get("GITOPS_TOOLCHAIN_BIN"), "/c/bin");
    assert.equal(vars.get("GITOPS_TOOLCHAIN_ETCD"), "/c/etcd");
    assert.equal(vars.has("PATH"), false);
  });

  it("prefers env vars, then toolchain.env (explicit path, then its bin dir), then PATH", () => {
    const cache = path.join(root, "cache1");
    const own = fakeBinary(path.join(root, "own"), "etcd");
    const recorded = fakeBinary(path.join(root, "recorded"), "kube-apiserver");
    const toolchainBin = path.join(root, "toolchain-bin");
    fakeBinary(toolchainBin, "kube-controller-manager");
    const onPath = path.join(root, "path");
    NAMES.forEach((n) => (n === "git" ? fakeGit(onPath) : fakeBinary(onPath, n)));
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, "toolchain.env"), `export GITOPS_TOOLCHAIN_BIN="${toolchainBin}"\nexport GITOPS_TOOLCHAIN_KUBE_APISERVER="${recorded}"\n`);
    const env = { ETCD: own, GITOPS_TOOLCHAIN_CACHE: cache, PATH: onPath };
    const fromPath = { kubeScheduler: path.join(onPath, "kube-scheduler"), kwok: path.join(onPath, "kwok"), git: path.join(onPath, "git"), gitDaemon: path.join(gitExec, "git-daemon") };
    assert.deepEqual(resolveBinaries({}, env), { etcd: own, kubeApiserver: recorded, kubeControllerManager: path.join(toolchainBin, "kube-controller-manager"), ...fromPath });
    assert.deepEqual(resolveBinaries({}, { GITOPS_TOOLCHAIN_CACHE: path.join(root, "none"), PATH: onPath }), {
      etcd: path.join(onPath, "etcd"),
      kubeApiserver: path.join(onPath, "kube-apiserver"),
      kubeControllerManager: path.join(onPath, "kube-controller-manager"),
      ...fromPath,
    });
  });

  it("fails naming every missing binary and the toolchain command that builds them", () => {
    const onPath = path.join(root, "only-etcd");
    fakeBinary(onPath, "etcd");
    fakeGit(onPath);
    assert.throws(
      () => resolveBinaries({}, { GITOPS_TOOLCHAIN_CACHE: path.join(root, "none"), PATH: onPath }),
      (error: unknown) => {
        assert.ok(error instanceof MissingBinaryError);
        assert.deepEqual(error.missing, ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"]);
        assert.match(error.message, /npm run toolchain -- --lab/);
        assert.match(error.message, /bash scripts\/toolchain\.sh --lab/);
        assert.match(error.message, /KUBE_APISERVER\/KUBE_CONTROLLER_MANAGER\/KUBE_SCHEDULER\/KWOK/);
        return true;
      },
    );
  });

  it("treats an env var pointing at nothing as an error, not as 'look elsewhere'", () => {
    const onPath = path.join(root, "path");
    assert.throws(() => resolveBinaries({}, { KUBE_APISERVER: "/nonexistent/kube-apiserver", PATH: onPath, GITOPS_TOOLCHAIN_CACHE: root }), /\$KUBE_APISERVER \/nonexistent\/kube-apiserver is not an executable file/);
  });
});

describe("Argo CD's binaries", () => {
  it("are resolved with the tools its repo server runs, and a missing one says how to get it", () => {
    const dir = path.join(root, "argo");
    for (const n of ["argocd", "helm", "git"]) fakeBinary(dir, n);
    assert.throws(
      () => resolveArgoCdBinaries({}, { GITOPS_TOOLCHAIN_CACHE: path.join(root, "none"), PATH: dir }),
      (error: unknown) => {
        assert.ok(error instanceof MissingBinaryError);
        assert.deepEqual(error.missing, ["redis-server", "kustomize"]);
        assert.match(error.message, /apt-get install redis-server/);
        assert.match(error.message, /scripts\/install-kustomize\.sh/);
        return true;
      },
    );
    const cache = path.join(root, "argo-cache");
    const kustomize = fakeBinary(path.join(cache, "tools", "kustomize-v5.8.1"), "kustomize");
    const redis = fakeBinary(path.join(root, "redis"), "redis-server");
    assert.deepEqual(resolveArgoCdBinaries({ redisServer: redis }, { GITOPS_TOOLCHAIN_CACHE: cache, PATH: dir }), {
      argocd: path.join(dir, "argocd"),
      redisServer: redis,
      git: path.join(dir, "git"),
      helm: path.join(dir, "helm"),
      kustomize,
    });
  });
});
