/** Line reporting: the part of every finding a reader acts on. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mapBounded } from "../../automation/concurrency";
import { lineOfReferencedEntry } from "../../gitops/lint/rules/overlay-builds";
import { firstDifferentLine } from "../../gitops/lint/rules/generated-files";
import { SourceLocator } from "../../gitops/lint/source-locator";
import { lineOfPath, parseSourceFile } from "../../gitops/yaml/source-file";

describe("line reporting", () => {
  const file = parseSourceFile("a.yaml", ["kind: Deployment", "spec:", "  containers:", "    - name: web", "      image: x", "    - name: side", "      resources:", "        limits: {}", ""].join("\n"));
  const doc = file.documents[0]?.doc;

  it("points at a map field's key, a list item's dash, and a container selected by name", () => {
    assert.ok(doc);
    assert.equal(lineOfPath(file, doc, ["spec", "containers"]), 3);
    assert.equal(lineOfPath(file, doc, ["spec", "containers", 1]), 6);
    assert.equal(lineOfPath(file, doc, ["spec", "containers", { name: "side" }, "resources"]), 7);
    assert.equal(lineOfPath(file, doc, ["spec", "containers", { name: "missing" }]), undefined);
  });

  it("finds the kustomization entry a kustomize error names, never a section heading", () => {
    const kustomization = parseSourceFile("k.yaml", "resources:\n  - ../base\n  - missing.yaml\npatches:\n  - path: patch.yaml\n");
    assert.equal(lineOfReferencedEntry(kustomization, "accumulating resources: 'missing.yaml': no such file"), 3);
    assert.equal(lineOfReferencedEntry(kustomization, "trouble with 'patch.yaml'"), 5);
    assert.equal(lineOfReferencedEntry(kustomization, "accumulating resources: something else"), 1);
  });

  it("reports the first differing line of a generated file", () => {
    assert.equal(firstDifferentLine("a\nb\nc\n", "a\nB\nc\n"), 2);
    assert.equal(firstDifferentLine("a\nb\n", "a\nb\nc\n"), 3);
  });

  it("locates a field in the overlay patch that sets it before the base that declares it", () => {
    const sources = new Map(
      [
        parseSourceFile("o/kustomization.yaml", "resources: [../b]\npatches:\n  - path: patch.yaml\n"),
        parseSourceFile("o/patch.yaml", "kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n"),
        parseSourceFile("b/kustomization.yaml", "resources: [d.yaml]\n"),
        parseSourceFile("b/d.yaml", "kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  paused: false\n"),
      ].map((f) => [f.path, f]),
    );
    const locator = new SourceLocator(sources, "o");
    assert.deepEqual(locator.locate("Deployment", "web", ["spec", "replicas"]), { file: "o/patch.yaml", line: 5 });
    assert.deepEqual(locator.locate("Deployment", "web", ["spec", "paused"]), { file: "b/d.yaml", line: 6 });
    assert.deepEqual(locator.locate("Deployment", "prefix-web-suffix", []), { file: "o/patch.yaml", line: 3 });
    assert.deepEqual(locator.locate("Service", "web", []), { file: "o/kustomization.yaml", line: 1 });
  });
});

describe("mapBounded", () => {
  it("keeps order and never exceeds the bound", async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    assert.deepEqual(result, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });
});
