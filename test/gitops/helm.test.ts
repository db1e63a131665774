/**
 * Helm sources: how helm is found, the `helm template` arguments an
 * Application implies, the wiring of rendered objects into the rules (with a
 * stand-in binary), a missing helm as a finding, and the fixture rendered by
 * the real helm v4.
 */
import assert from "node:assert/strict";
import { chmodSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { lintRepository } from "../../gitops/lint";
import { HelmNotFoundError, locateHelm, toolchainHelm } from "../../gitops/helm/locate";
import { helmArguments, inlineValues } from "../../gitops/helm/template";
import { locateKustomize } from "../../gitops/kustomize/locate";
import { BASE_FIXTURE, REPO_ROOT, removeTree, tempDir } from "./support/trees";

const HELM_FIXTURES = join(REPO_ROOT, "test", "fixtures", "gitops-helm");
const kustomize = locateKustomize();

function chartRepository(): string {
  const root = tempDir("helm");
  cpSync(BASE_FIXTURE, root, { recursive: true });
  cpSync(join(HELM_FIXTURES, "chart-app", "tree"), root, { recursive: true });
  return root;
}

/** A stand-in for helm that records its arguments and prints what `helm template` prints for the fixture chart. */
function fakeHelm(dir: string, extra: readonly string[] = []): string {
  const path = join(dir, "fake-helm");
  writeFileSync(path, [
    "#!/bin/sh",
    `printf '%s\\n' "$@" > "${dir}/args"`,
    "cat <<'EOF'",
    "---",
    "# Source: web-extras/templates/configmap.yaml",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: {name: web-extras, namespace: web}",
    "---",
    "# Source: web-extras/templates/clusterrole.yaml",
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: ClusterRole",
    "metadata: {name: web-extras-reader}",
    ...extra,
    "EOF",
  ].join("\n") + "\n");
  chmodSync(path, 0o755);
  return path;
}

describe("locateHelm", () => {
  const none = () => false;
  it("takes HELM alone when set, and says how to get helm when it is not there", () => {
    assert.equal(locateHelm({ env: { HELM: "/opt/helm" }, isExecutable: (p) => p === "/opt/helm" }), "/opt/helm");
    assert.throws(() => locateHelm({ env: { HELM: "/missing/helm", PATH: "/usr/bin" }, isExecutable: (p) => p === "/usr/bin/helm" }), (error: unknown) => {
      assert.ok(error instanceof HelmNotFoundError);
      assert.match(error.message, /HELM=\/missing\/helm/);
      assert.match(error.message, /npm run toolchain/);
      return true;
    });
  });

  it("prefers the toolchain's helm (environment, then toolchain.env) over PATH", () => {
    const isExecutable = (p: string) => ["/tc/helm", "/usr/bin/helm"].includes(p);
    assert.equal(locateHelm({ env: { GITOPS_TOOLCHAIN_HELM: "/tc/helm", PATH: "/usr/bin" }, isExecutable }), "/tc/helm");
    assert.equal(locateHelm({ env: { PATH: "/usr/bin" }, home: "/nonexistent", isExecutable }), "/usr/bin/helm");
    assert.equal(toolchainHelm('export PATH="/x:${PATH}"\nexport GITOPS_TOOLCHAIN_HELM="/c/helm-v4/bin/helm"\n'), "/c/helm-v4/bin/helm");
    assert.throws(() => locateHelm({ env: { PATH: "/usr/bin" }, home: "/nonexistent", isExecutable: none }), HelmNotFoundError);
  });
});

describe("helm template arguments", () => {
  it("passes release, namespace, value files, inline values and parameters in Argo CD's order", () => {
    const args = helmArguments("/repo", {
      chartDir: "charts/web",
      release: "web",
      namespace: "web",
      valueFiles: ["charts/web/values-staging.yaml"],
      helm: { parameters: [{ name: "image.tag", value: "1.2.3" }, { name: "replicas", value: "2", forceString: true }], skipCrds: true },
    }, "/tmp/inline.yaml");
    assert.deepEqual(args, [
      "template", "web", "/repo/charts/web", "--namespace", "web",
      "--values", "/repo/charts/web/values-staging.yaml", "--values", "/tmp/inline.yaml",
      "--set", "image.tag=1.2.3", "--set-string", "replicas=2",
    ]);
    assert.ok(helmArguments("/repo", { chartDir: "c", release: "r", namespace: "n", valueFiles: [], helm: {} }).includes("--include-crds"));
  });

  it("takes valuesObject over values, as Argo CD does", () => {
    assert.equal(inlineValues({ values: "a: 1\n", valuesObject: { a: 2 } }), "a: 2\n");
    assert.equal(inlineValues({ values: "a: 1\n" }), "a: 1\n");
    assert.equal(inlineValues({}), undefined);
  });
});

describe("gitops lint on Helm sources", () => {
  it("renders the chart with the Application's values and checks its objects, located at their templates", async () => {
    const root = chartRepository();
    try {
      const helm = fakeHelm(root);
      const result = await lintRepository(root, { kustomize, helm });
      assert.deepEqual(result.findings.map((f) => `${f.file}:${f.line} [${f.rule}]`), ["charts/web-extras/templates/clusterrole.yaml:1 [ownership-boundary]"]);
      const args = readFileSync(join(root, "args"), "utf8").split("\n");
      assert.deepEqual(args.slice(0, 5), ["template", "web-extras", join(root, "charts/web-extras"), "--namespace", "web"]);
      assert.ok(args.includes(join(root, "apps/overlays/staging/web/extras-values.yaml")), "the $values ref resolves to this repository's file");
    } finally {
      removeTree(root);
    }
  });

  it("reports a Secret rendered from values as plaintext in Git, at its template", async () => {
    const root = chartRepository();
    try {
      const secret = ["---", "# Source: web-extras/templates/secret.yaml", "apiVersion: v1", "kind: Secret", "metadata: {name: web-extras-token, namespace: web}", "stringData: {token: from-values}"];
      const result = await lintRepository(root, { kustomize, helm: fakeHelm(root, secret) });
      const finding = result.findings.find((f) => f.rule === "plaintext-secret");
      assert.equal(`${finding?.file}:${finding?.line}`, "charts/web-extras/templates/secret.yaml:1");
      assert.match(finding?.message ?? "", /chart charts\/web-extras renders Secret web-extras-token/);
    } finally {
      removeTree(root);
    }
  });

  it("reports a missing helm as a finding that says how to get it, never a silent skip", async () => {
    const root = chartRepository();
    const saved = process.env.HELM;
    process.env.HELM = "/nonexistent/helm";
    try {
      const result = await lintRepository(root, { kustomize });
      assert.equal(result.findings.length, 1);
      const [finding] = result.findings;
      assert.equal(finding?.rule, "application-source");
      assert.equal(finding?.file, "argocd/applications/staging/web-extras.yaml");
      assert.match(finding?.message ?? "", /helm not found.*npm run toolchain/);
    } finally {
      if (saved === undefined) delete process.env.HELM;
      else process.env.HELM = saved;
      removeTree(root);
    }
  });

  it("renders the fixture with the real helm v4 exactly as expect.json says", async () => {
    let helm: string;
    try {
      helm = locateHelm();
    } catch (error) {
      assert.fail(`${(error as Error).message} (this test renders charts with the real helm)`);
    }
    const root = chartRepository();
    try {
      const expected = JSON.parse(readFileSync(join(HELM_FIXTURES, "chart-app", "expect.json"), "utf8")) as { findings: { rule: string; file: string; line: number }[] };
      const result = await lintRepository(root, { kustomize, helm });
      assert.deepEqual(result.findings.map((f) => `${f.file}:${f.line} [${f.rule}]`), expected.findings.map((f) => `${f.file}:${f.line} [${f.rule}]`));
    } finally {
      removeTree(root);
    }
  });
});
