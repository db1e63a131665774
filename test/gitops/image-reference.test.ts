import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseImage, unpinnedReason } from "../../gitops/lint/image-reference";

const digest = `sha256:${"a".repeat(64)}`;

describe("image references", () => {
  it("splits repository, tag and digest, telling a registry port from a tag", () => {
    assert.deepEqual(parseImage("ghcr.io/stefanprodan/podinfo:6.7.1"), { repository: "ghcr.io/stefanprodan/podinfo", tag: "6.7.1" });
    assert.deepEqual(parseImage("localhost:5000/app"), { repository: "localhost:5000/app" });
    assert.deepEqual(parseImage(`nginx@${digest}`), { repository: "nginx", digest });
  });

  it("accepts version tags and digests", () => {
    assert.equal(unpinnedReason("ghcr.io/stefanprodan/podinfo:6.7.1"), undefined);
    assert.equal(unpinnedReason(`registry.local:5000/app:1.2@${digest}`), undefined);
  });

  it("refuses latest, a missing tag (a registry port is not a tag) and a malformed digest", () => {
    assert.match(unpinnedReason("nginx:latest") ?? "", /latest/);
    assert.match(unpinnedReason("nginx") ?? "", /no tag/);
    assert.match(unpinnedReason("localhost:5000/app") ?? "", /no tag/);
    assert.match(unpinnedReason("nginx@sha256:abc") ?? "", /malformed digest/);
  });
});
