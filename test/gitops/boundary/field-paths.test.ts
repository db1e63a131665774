import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FieldsV1Error, leafPaths } from "../../../gitops/boundary/field-paths";

const rendered = (fieldsV1: unknown): string[] => leafPaths(fieldsV1).map((leaf) => leaf.text).sort();

describe("fieldsV1 decoding", () => {
  it("names every leaf field, with list items by key and set members by value", () => {
    assert.deepEqual(
      rendered({
        "f:metadata": { "f:finalizers": { "v:\"resources-finalizer.argocd.argoproj.io\"": {} }, "f:labels": { "f:app": {} } },
        "f:spec": {
          "f:replicas": {},
          "f:template": { "f:spec": { "f:containers": { 'k:{"name":"api"}': { ".": {}, "f:image": {}, "f:name": {} } } } },
        },
        "f:status": { "f:conditions": { 'k:{"type":"Ready"}': { ".": {}, "f:status": {} } } },
      }),
      [
        'metadata.finalizers[="resources-finalizer.argocd.argoproj.io"]',
        "metadata.labels.app",
        "spec.replicas",
        "spec.template.spec.containers[name=api].image",
        "spec.template.spec.containers[name=api].name",
        "status.conditions[type=Ready].status",
      ],
    );
  });

  it("quotes field names that are not plain identifiers, such as annotation keys", () => {
    assert.deepEqual(rendered({ "f:metadata": { "f:annotations": { "f:argocd.argoproj.io/tracking-id": {} } } }), [
      'metadata.annotations["argocd.argoproj.io/tracking-id"]',
    ]);
  });

  it("renders list items by index and by compound key", () => {
    assert.deepEqual(rendered({ "f:spec": { "f:args": { "i:0": {} }, "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:name": {} } } } }), [
      "spec.args[0]",
      "spec.ports[containerPort=8080,protocol=TCP].name",
    ]);
  });

  it("ignores the '.' marker beside children but keeps a node owned only as a whole", () => {
    assert.deepEqual(rendered({ "f:metadata": { "f:annotations": { ".": {}, "f:a": {} } }, "f:spec": { "f:ports": { 'k:{"port":80}': { ".": {} } } } }), [
      "metadata.annotations.a",
      "spec.ports[port=80]",
    ]);
  });

  it("finds nothing in an empty trie", () => {
    assert.deepEqual(leafPaths({}), []);
  });

  it("rejects malformed entries, naming the entry and where it is", () => {
    assert.throws(() => leafPaths({ "f:spec": { "x:bad": {} } }), (e: unknown) => e instanceof FieldsV1Error && /"spec": "x:bad" is not one of f:, k:, v:, i:/.test(e.message));
    assert.throws(() => leafPaths({ "f:spec": { "k:{not json": {} } }), /"k:\{not json" is not followed by valid JSON/);
    assert.throws(() => leafPaths({ "f:spec": { "i:-1": {} } }), /"i:-1" is not i:<non-negative integer>/);
    assert.throws(() => leafPaths({ "f:spec": [] }), /"spec": "\[\]" is not an object/);
  });
});
