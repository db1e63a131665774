import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { retryDecision } from "../../automation/github";

const now = 1_700_000_000_000;

describe("retryDecision", () => {
  it("backs off exponentially for 5xx and network failures", () => {
    assert.deepEqual(retryDecision({ status: 502 }, 1, { baseDelayMs: 100 }, now), { retry: true, delayMs: 100 });
    assert.deepEqual(retryDecision({}, 3, { baseDelayMs: 100 }, now), { retry: true, delayMs: 400 });
  });

  it("stops after the last attempt", () => {
    assert.equal(retryDecision({ status: 500 }, 4, {}, now).retry, false);
  });

  it("waits for the rate-limit reset, but not longer than maxDelayMs", () => {
    const soon = { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 10) } };
    assert.deepEqual(retryDecision(soon, 1, {}, now), { retry: true, delayMs: 11_000 });
    const late = { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 3_600) } };
    const decision = retryDecision(late, 1, {}, now);
    assert.equal(decision.retry, false);
    assert.match((decision as { reason: string }).reason, /rate limit resets in 3601 s/);
  });

  it("treats 403 with Retry-After as a secondary rate limit and plain 403/404/422 as final", () => {
    assert.deepEqual(retryDecision({ status: 403, headers: { "retry-after": "3" } }, 1, {}, now), { retry: true, delayMs: 3_000 });
    for (const status of [403, 404, 422]) assert.equal(retryDecision({ status }, 1, {}, now).retry, false, String(status));
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const date = new Date(now + 42_000).toUTCString();
    assert.deepEqual(retryDecision({ status: 429, headers: { "retry-after": date } }, 1, {}, now), { retry: true, delayMs: 42_000 });
    assert.deepEqual(retryDecision({ status: 503, headers: { "retry-after": date } }, 1, {}, now), { retry: true, delayMs: 42_000 });
    assert.deepEqual(retryDecision({ status: 429, headers: { "retry-after": new Date(now - 5_000).toUTCString() } }, 1, {}, now), { retry: true, delayMs: 0 });
  });

  it("waits at least a minute for a secondary rate limit that names no time, and says when that is too long", () => {
    const secondary = { status: 403, message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." };
    assert.deepEqual(retryDecision(secondary, 1, { baseDelayMs: 10 }, now), { retry: true, delayMs: 60_000 });
    assert.deepEqual(retryDecision({ status: 429 }, 1, { baseDelayMs: 10 }, now), { retry: true, delayMs: 60_000 });
    const impatient = retryDecision(secondary, 1, { maxDelayMs: 10_000 }, now);
    assert.equal(impatient.retry, false);
    assert.match((impatient as { reason: string }).reason, /secondary rate limit, retry in 60 s, longer than the 10 s we wait/);
  });
});
