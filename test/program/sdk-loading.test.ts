/**
 * A stack without AWS resources never loads the AWS SDKs (seconds on every
 * preview, up and refresh of the lab stack); a stack with them does. Each run is
 * a fresh process, so no other test's imports count.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.resolve(__dirname, "../..");

function loadedSdks(stack: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-loading-"));
  try {
    fs.writeFileSync(path.join(dir, "kubeconfig"), "apiVersion: v1\nkind: Config\ncurrent-context: gitops-lab\n");
    fs.mkdirSync(path.join(dir, "manifests"));
    fs.writeFileSync(path.join(dir, "manifests", "install.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argocd\n");
    const script = `
      const { runProgram } = require(${JSON.stringify(path.join(ROOT, "test/support/stack-program.ts"))});
      runProgram(${JSON.stringify(stack)}, (config) => {
        if (config["gitops-platform:cluster"].mode === "existing") {
          config["gitops-platform:cluster"].kubeconfig = ${JSON.stringify(path.join(dir, "kubeconfig"))};
          config["gitops-platform:argocd"].manifestsDir = ${JSON.stringify(path.join(dir, "manifests"))};
        }
      }).then(() => {
        const sdks = new Set(Object.keys(require.cache).map((f) => /node_modules\\/(@pulumi\\/[^/]+)\\//.exec(f)?.[1]).filter(Boolean));
        process.stdout.write(JSON.stringify([...sdks].sort()));
      });`;
    return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("SDKs a stack's program loads", () => {
  it("local (an existing cluster): Kubernetes only, no AWS or EKS", () => {
    const sdks = loadedSdks("local");
    assert.ok(sdks.includes("@pulumi/kubernetes"), JSON.stringify(sdks));
    assert.deepEqual(sdks.filter((s) => s === "@pulumi/aws" || s === "@pulumi/eks"), []);
  });

  it("production (EKS): AWS and EKS", () => {
    const sdks = loadedSdks("production");
    assert.ok(sdks.includes("@pulumi/aws") && sdks.includes("@pulumi/eks"), JSON.stringify(sdks));
  });
});
