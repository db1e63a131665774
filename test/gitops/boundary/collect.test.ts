import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collectLiveObjects, listableResources } from "../../../gitops/boundary/collect";
import type { HttpsResponse } from "../../../lab/https-request";

const discovery = (kind: string, name: string, verbs = ["create", "delete", "get", "list", "patch", "update", "watch"]) => ({ name, kind, verbs, namespaced: true });

describe("resource types the boundary check lists", () => {
  it("keeps listable resources, and drops subresources, unlistable types and the noise list", () => {
    const core = listableResources("v1", [
      discovery("ConfigMap", "configmaps"),
      discovery("Pod", "pods/status", ["get", "patch", "update"]),
      discovery("Event", "events"),
      discovery("Endpoints", "endpoints"),
      discovery("Binding", "bindings", ["create"]),
    ]);
    assert.deepEqual(core, [{ group: "", version: "v1", resource: "configmaps", kind: "ConfigMap" }]);
    assert.deepEqual(listableResources("apps/v1", [discovery("Deployment", "deployments"), discovery("Scale", "deployments/scale")]), [
      { group: "apps", version: "v1", resource: "deployments", kind: "Deployment" },
    ]);
    assert.deepEqual(listableResources("coordination.k8s.io/v1", [discovery("Lease", "leases")]), []);
  });
});

/** An API server in memory: discovery, paged metadata lists, and one group whose discovery fails. */
function fakeApiServer(requests: { path: string; accept?: string }[]) {
  const routes: Record<string, unknown> = {
    "/apis": {
      groups: [
        { name: "apps", preferredVersion: { groupVersion: "apps/v1" } },
        { name: "coordination.k8s.io", preferredVersion: { groupVersion: "coordination.k8s.io/v1" } },
        { name: "metrics.k8s.io", preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1" } },
        { name: "broken.example.io", preferredVersion: { groupVersion: "broken.example.io/v1" } },
      ],
    },
    "/api/v1": { resources: [discovery("Namespace", "namespaces"), discovery("Secret", "secrets")] },
    "/apis/apps/v1": { resources: [discovery("Deployment", "deployments")] },
    "/api/v1/namespaces?limit=2": { metadata: { continue: "page2" }, items: [{ metadata: { name: "a" } }, { metadata: { name: "b" } }] },
    "/api/v1/namespaces?limit=2&continue=page2": { metadata: {}, items: [{ metadata: { name: "c" } }] },
    "/api/v1/secrets?limit=2": { metadata: {}, items: [{ metadata: { name: "s", namespace: "a" } }] },
  };
  return {
    request: async (method: string, path: string, _body?: unknown, options?: { headers?: Readonly<Record<string, string>> }): Promise<HttpsResponse> => {
      requests.push({ path, ...(options?.headers?.accept ? { accept: options.headers.accept } : {}) });
      if (path === "/apis/broken.example.io/v1") return { status: 503, body: JSON.stringify({ kind: "Status", message: "service unavailable" }) };
      if (path.startsWith("/apis/apps/v1/deployments")) return { status: 403, body: JSON.stringify({ kind: "Status", message: 'deployments.apps is forbidden: User "viewer" cannot list' }) };
      const body = routes[path];
      assert.equal(method, "GET");
      return body ? { status: 200, body: JSON.stringify(body) } : { status: 404, body: "{}" };
    },
  };
}

describe("listing a cluster", () => {
  it("follows continue tokens, asks for metadata only, skips noise groups and reports what it could not read", async () => {
    const requests: { path: string; accept?: string }[] = [];
    const result = await collectLiveObjects(fakeApiServer(requests), { pageSize: 2, parallel: 2 });
    assert.deepEqual(
      result.objects.map((o) => `${o.apiVersion}/${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`),
      ["v1/Namespace /a", "v1/Namespace /b", "v1/Namespace /c", "v1/Secret a/s"],
    );
    assert.equal(result.resources, 3);
    assert.deepEqual(
      result.unreadable,
      [
        { what: "broken.example.io/v1", reason: "GET /apis/broken.example.io/v1: HTTP 503: service unavailable" },
        { what: "deployments.apps", reason: 'GET /apis/apps/v1/deployments?limit=2: HTTP 403: deployments.apps is forbidden: User "viewer" cannot list' },
      ],
    );
    assert.ok(!requests.some((r) => r.path.includes("coordination.k8s.io") || r.path.includes("metrics.k8s.io")), "skipped groups are not even discovered");
    for (const list of requests.filter((r) => r.path.includes("?limit="))) assert.match(list.accept ?? "", /^application\/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1/, list.path);
  });
});
