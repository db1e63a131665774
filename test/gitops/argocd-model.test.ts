/**
 * The pure Argo CD model behind the lint: path normalization, directory globs,
 * destination names, ApplicationSet templates and generators, source types,
 * which files a root Application reads, the exclude list and JSON reading.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readArgoModel } from "../../gitops/argocd/applications";
import { expandApplicationSet } from "../../gitops/argocd/applicationset";
import { resolveDestination } from "../../gitops/argocd/destination";
import { directoryGlob, directoryReads } from "../../gitops/argocd/directory-glob";
import { closestDirectory, normalizeSourcePath } from "../../gitops/argocd/source-path";
import { classifySource, sourcesOf } from "../../gitops/argocd/sources";
import { flattenParams, renderTemplate } from "../../gitops/argocd/template";
import { ignoreMatcher, parseIgnoreList, readManifestOrData } from "../../gitops/repo/files";
import { readRepository } from "../../gitops/repo/repository";
import { memoryRepository } from "./support/memory-repo";
import { removeTree, tempDir } from "./support/trees";

const REPO = "https://github.com/example-org/repo.git";
const own = (url: string | undefined) => url === REPO;

describe("source paths", () => {
  it("normalizes ./, duplicate and trailing slashes as Argo CD's repo server does", () => {
    assert.deepEqual(normalizeSourcePath("./apps/overlays/staging/web/"), { ok: true, path: "apps/overlays/staging/web" });
    assert.deepEqual(normalizeSourcePath("apps//base/../overlays/x"), { ok: true, path: "apps/overlays/x" });
    assert.deepEqual(normalizeSourcePath("."), { ok: true, path: "" });
  });

  it("refuses absolute paths and paths leaving the repository", () => {
    assert.equal(normalizeSourcePath("/apps/x").ok, false);
    assert.equal(normalizeSourcePath("apps/../../etc").ok, false);
  });

  it("suggests the closest directory for a typo, and nothing for an unrelated path", () => {
    const dirs = ["apps", "apps/overlays", "apps/overlays/staging", "apps/overlays/staging/web"];
    assert.equal(closestDirectory("apps/overlays/staging/wbe", dirs), "apps/overlays/staging/web");
    assert.equal(closestDirectory("charts/redis", dirs), undefined);
  });
});

describe("directory include/exclude", () => {
  it("matches like gobwas/glob without separators: * crosses /, braces and classes work", () => {
    assert.ok(directoryGlob("*.yaml").test("sub/dir/a.yaml"));
    assert.ok(directoryGlob("{config.json,env-usw2/*}").test("env-usw2/x.yaml"));
    assert.ok(!directoryGlob("{config.json,env-usw2/*}").test("env-euw1/x.yaml"));
    assert.ok(directoryGlob("[!a]*.yml").test("b.yml") && !directoryGlob("[!a]*.yml").test("a.yml"));
    assert.ok(!directoryGlob("a.yaml").test("aXyaml"), "a dot is literal");
  });

  it("reads YAML, JSON and jsonnet, top level only unless recurse, then include and exclude", () => {
    assert.ok(directoryReads("app.json", { recurse: false }));
    assert.ok(!directoryReads("README.md", { recurse: false }));
    assert.ok(!directoryReads("team/app.yaml", { recurse: false }));
    assert.ok(directoryReads("team/app.yaml", { recurse: true }));
    assert.ok(!directoryReads("team/app.yaml", { recurse: true, exclude: "team/*" }));
    assert.ok(!directoryReads("app.yaml", { recurse: false, include: "*.json" }));
  });
});

describe("destinations", () => {
  it("resolves in-cluster by name and refuses unknown names, both fields, or neither", () => {
    assert.deepEqual(resolveDestination({ name: "in-cluster", namespace: "web" }), { ok: true, server: "https://kubernetes.default.svc", namespace: "web" });
    assert.deepEqual(resolveDestination({ server: "https://kubernetes.default.svc/", namespace: "web" }), { ok: true, server: "https://kubernetes.default.svc", namespace: "web" });
    assert.match((resolveDestination({ name: "prod" }) as { reason: string }).reason, /not registered/);
    assert.match((resolveDestination({ name: "in-cluster", server: "https://x" }) as { reason: string }).reason, /both name/);
    assert.equal(resolveDestination({ namespace: "web" }).ok, false);
  });
});

describe("ApplicationSet templates", () => {
  it("renders fasttemplate keys (flattened) and Go template field lookups", () => {
    assert.deepEqual(renderTemplate({ name: "{{ app }}-{{path.basename}}" }, { app: "web", "path.basename": "x" }, false).value, { name: "web-x" });
    assert.deepEqual(renderTemplate({ ns: "{{.path.basename}}" }, { path: { basename: "web" } }, true).value, { ns: "web" });
    assert.deepEqual(flattenParams({ a: { b: 1 }, c: ["x"] }), { "a.b": "1", "c[0]": "x" });
  });

  it("keeps and reports what it cannot resolve: missing keys and Go functions", () => {
    const result = renderTemplate({ a: "{{ .x | upper }}", b: "{{missing}}" }, { x: "v" }, true);
    assert.deepEqual(result.unresolved, ["{{ .x | upper }}", "{{missing}}"]);
  });
});

describe("ApplicationSet generators", () => {
  const repository = memoryRepository({
    "apps/overlays/staging/web/kustomization.yaml": "resources: []\n",
    "apps/overlays/staging/api/kustomization.yaml": "resources: []\n",
    "apps/overlays/staging/legacy/kustomization.yaml": "resources: []\n",
    "clusters/staging/config.json": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "cluster": {"name": "staging-eu"}}',
  });
  const spec = (generators: unknown[], goTemplate = false, name = "{{path.basename}}") => ({ goTemplate, generators, template: { metadata: { name }, spec: { project: "staging" } } });
  const names = (expansion: ReturnType<typeof expandApplicationSet>) => expansion.applications.map((a) => (a.value.metadata as { name: string }).name);

  it("expands git directories with exclusions, against this repository", () => {
    const git = { git: { repoURL: REPO, directories: [{ path: "apps/overlays/staging/*" }, { path: "apps/overlays/staging/legacy", exclude: true }] } };
    assert.deepEqual(names(expandApplicationSet(repository, own, spec([git]))), ["api", "web"]);
    const functions = expandApplicationSet(repository, own, spec([git], true, "{{.path.basename}}-{{index .path.segments 2}}"));
    assert.deepEqual(names(functions), ["api-{{index .path.segments 2}}", "web-{{index .path.segments 2}}"]);
    assert.match(functions.notes[0]?.message ?? "", /\{\{index \.path\.segments 2\}\} is not set/);
  });

  it("reports a directory pattern that matches nothing, with the directory it was probably meant to name", () => {
    const expansion = expandApplicationSet(repository, own, spec([{ git: { repoURL: REPO, directories: [{ path: "apps/overlay/staging/*" }] } }]));
    assert.deepEqual(expansion.applications, []);
    assert.match(expansion.notes[0]?.message ?? "", /match no directory .* did you mean apps\/overlays\/staging\?/);
  });

  it("expands git files into their content's parameters plus path parameters", () => {
    const git = { git: { repoURL: REPO, files: [{ path: "clusters/*/config.json" }] } };
    assert.deepEqual(names(expandApplicationSet(repository, own, spec([git], false, "{{cluster.name}}-{{path.basename}}"))), ["staging-eu-staging"]);
  });

  it("expands list elements, and reports cluster, matrix and foreign-repository generators as not checkable", () => {
    const expansion = expandApplicationSet(repository, own, spec([{ list: { elements: [{ app: "a" }] } }, { clusters: {} }, { matrix: { generators: [] } }, { git: { repoURL: "https://elsewhere/x.git", directories: [{ path: "*" }] } }], false, "{{app}}"));
    assert.deepEqual(names(expansion), ["a", "{{app}}"], "the bare template stands in for what cannot be expanded");
    assert.equal(expansion.applications[1]?.expanded, false);
    const warnings = expansion.notes.filter((n) => n.severity === "warning").map((n) => n.message);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0] ?? "", /clusters generator .* live installation/);
    assert.match(warnings[1] ?? "", /matrix/);
    assert.match(warnings[2] ?? "", /reads https:\/\/elsewhere\/x\.git, not this repository/);
  });
});

describe("source types", () => {
  const repository = memoryRepository({
    "apps/overlays/staging/web/kustomization.yaml": "resources: []\n",
    "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "charts/both/Chart.yaml": "apiVersion: v2\nname: both\nversion: 0.1.0\n",
    "charts/both/kustomization.yaml": "resources: []\n",
    "manifests/plain/cm.json": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}',
  });
  const kind = (source: Record<string, unknown>) => classifySource(repository, sourcesOf({ source: { repoURL: REPO, ...source } })[0]!, own).type;

  it("decides kustomize, helm and directory as Argo CD does (a kustomization wins over Chart.yaml)", () => {
    assert.equal(kind({ path: "./apps/overlays/staging/web/" }), "kustomize");
    assert.equal(kind({ path: "charts/web" }), "helm");
    assert.equal(kind({ path: "charts/both" }), "kustomize");
    assert.equal(kind({ path: "manifests/plain" }), "directory");
    assert.equal(kind({ chart: "redis", repoURL: "https://charts.example" }), "remote-chart");
  });

  it("reports plugins and other repositories as not checkable, and two explicit types as invalid", () => {
    assert.equal(kind({ path: "manifests/plain", plugin: { name: "cdk8s" } }), "not-checkable");
    assert.equal(classifySource(repository, sourcesOf({ source: { repoURL: "https://elsewhere", path: "x" } })[0]!, own).type, "not-checkable");
    assert.equal(kind({ path: "charts/web", helm: {}, kustomize: {} }), "invalid");
  });

  it("reads spec.sources in order, with refs", () => {
    const sources = sourcesOf({ sources: [{ repoURL: REPO, path: "a" }, { repoURL: REPO, ref: "values" }] });
    assert.deepEqual(sources.map((s) => [s.at.join("."), s.path ?? s.ref]), [["spec.sources.0", "a"], ["spec.sources.1", "values"]]);
  });
});

describe("files a root Application reads", () => {
  it("skips subfolders unless the root recurses, and places applied files in their environment", () => {
    const app = (name: string, path: string, extra = "") => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec:\n  source: {repoURL: ${REPO}, path: ${path}${extra}}\n`;
    const files = {
      "argocd/bootstrap/root-staging.yaml": app("root-staging", "argocd/applications/staging"),
      "argocd/bootstrap/root-production.yaml": app("root-production", "argocd/applications/production", ", directory: {recurse: true}"),
      "argocd/applications/staging/a.yaml": app("a", "x"),
      "argocd/applications/staging/team/b.yaml": app("b", "x"),
      "argocd/applications/production/team/c.json": JSON.stringify({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "c" }, spec: {} }),
    };
    const model = readArgoModel(memoryRepository(files), () => own);
    assert.deepEqual(model.applications.map((a) => `${a.name}:${a.env ?? "-"}`).sort(), ["a:staging", "c:production", "root-production:-", "root-staging:-"]);
    assert.deepEqual(model.unread.map((u) => `${u.file} ${u.root}`), ["argocd/applications/staging/team/b.yaml root-staging"]);
  });
});

describe("repository files", () => {
  it("reads an exclude list: comments, root-anchored and any-depth patterns", () => {
    const ignored = ignoreMatcher(parseIgnoreList("# vendored\n/test/fixtures\nvendor/\n\n"));
    assert.ok(ignored("test/fixtures"));
    assert.ok(!ignored("src/test/fixtures"));
    assert.ok(ignored("vendor") && ignored("a/b/vendor"));
    assert.ok(!ignored("vendors"));
  });

  it("keeps JSON without Kubernetes objects as plain data, for git files generators", async () => {
    const root = tempDir("data");
    try {
      mkdirSync(join(root, "apps", "web", "staging"), { recursive: true });
      writeFileSync(join(root, "apps", "web", "staging", "config.json"), '{"appName": "web"}');
      writeFileSync(join(root, "package.json"), '{"name": "x"}');
      writeFileSync(join(root, "apps", "web", "staging", "extra.jsonnet"), "{ kind: 'ConfigMap' }");
      const repository = await readRepository(root);
      assert.deepEqual([...repository.data.keys()].sort(), ["apps/web/staging/config.json", "package.json"]);
      assert.equal(repository.sources.size, 0);
      assert.ok(repository.files.has("apps/web/staging/extra.jsonnet"), "jsonnet is listed (directory sources evaluate it), never parsed");
      const git = { git: { repoURL: REPO, files: [{ path: "apps/*/staging/config.json" }] } };
      const expansion = expandApplicationSet(repository, own, { generators: [git], template: { metadata: { name: "{{appName}}" } } });
      assert.deepEqual(expansion.applications.map((a) => [(a.value.metadata as { name: string }).name, a.origin]), [["web", "apps/web/staging/config.json"]]);
    } finally {
      removeTree(root);
    }
  });

  it("parses JSON with positions only when it holds Kubernetes objects, and reports JSON that does not parse", () => {
    assert.deepEqual(readManifestOrData("package.json", '{"name": "x"}'), { value: { name: "x" } });
    const manifest = readManifestOrData("app.json", '{"apiVersion": "v1", "kind": "ConfigMap"}');
    assert.equal("documents" in manifest ? manifest.documents.length : 0, 1);
    const broken = readManifestOrData("broken.json", '{"apiVersion": "v1",\n"kind": ');
    assert.equal("errors" in broken ? broken.errors[0]?.line : 0, 2);
  });
});
