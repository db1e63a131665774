import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { MUTATIONS, type Mutation, applyMutation } from "../../scripts/mutations";

const ROOT = path.resolve(__dirname, "../..");

describe("the mutation list", () => {
  it("applies to today's code: each text occurs once, changes its file and names existing guarding tests", () => {
    for (const mutation of MUTATIONS) {
      const source = fs.readFileSync(path.join(ROOT, mutation.file), "utf8");
      assert.notEqual(applyMutation(source, mutation), source, mutation.property);
      for (const test of mutation.tests) assert.ok(fs.existsSync(path.join(ROOT, test)), `${mutation.property}: ${test}`);
    }
  });

  it("refuses a mutation whose text is missing or ambiguous instead of passing it", () => {
    const mutation: Mutation = { property: "p", file: "f.ts", find: "a", replace: "b", tests: [] };
    assert.equal(applyMutation("xay", mutation), "xby");
    assert.throws(() => applyMutation("xyz", mutation), /f\.ts: the text to mutate for "p" must occur exactly once \(found none\)/);
    assert.throws(() => applyMutation("aa", mutation), /found several/);
    assert.throws(() => applyMutation("for (const x of y) f(x);", { ...mutation, find: "f(x);", replace: "" }), /f\.ts: the mutation for "p" does not parse/);
  });
});
