import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitMarkdown } from "../../automation";

const header = (n: number) => `<!-- part ${n} -->`;

describe("splitMarkdown", () => {
  it("leaves text under the limit alone", () => {
    assert.deepEqual(splitMarkdown("a\nb", { limit: 5_000 }), ["a\nb"]);
  });

  it("closes and reopens a code fence across parts", () => {
    const body = Array.from({ length: 400 }, (_, i) => `line ${i} ${"x".repeat(20)}`).join("\n");
    const markdown = `# title\n\n\`\`\`\`text\n${body}\n\`\`\`\`\nafter`;
    const parts = splitMarkdown(markdown, { limit: 3_000, partHeader: header });
    assert.ok(parts.length > 2);
    for (const [i, part] of parts.entries()) {
      assert.ok(part.length <= 3_000);
      const fences = part.split("\n").filter((l) => /^````/.test(l));
      assert.equal(fences.length % 2, 0, `part ${i + 1} has balanced fences`);
      if (i > 0) assert.deepEqual(part.split("\n").slice(0, 2), [`<!-- part ${i + 1} -->`, "````text"]);
    }
    assert.ok(parts[0]!.startsWith("# title"));
    assert.ok(parts.at(-1)!.endsWith("after"));
  });

  it("closes and reopens nested <details> and does not treat <details> inside a fence as a section", () => {
    const inner = Array.from({ length: 300 }, (_, i) => `- item ${i}`).join("\n");
    const markdown = `<details><summary>outer</summary>\n\n<details><summary>inner</summary>\n\n${inner}\n\n</details>\n\n\`\`\`\n<details>\n\`\`\`\n</details>`;
    const parts = splitMarkdown(markdown, { limit: 2_000 });
    for (const part of parts) {
      const lines = part.split("\n");
      let depth = 0;
      let inFence = false;
      for (const line of lines) {
        if (line.startsWith("```")) inFence = !inFence;
        else if (!inFence && line.startsWith("<details")) depth++;
        else if (!inFence && line === "</details>") depth--;
        assert.ok(depth >= 0);
      }
      assert.equal(depth, 0, "every part closes what it opens");
    }
    assert.match(parts[1]!, /^<details><summary>outer <i>\(continued\)<\/i><\/summary>\n\n<details><summary>inner <i>\(continued\)<\/i><\/summary>\n\n/);
  });

  it("cuts a single line longer than a part instead of dropping it", () => {
    const parts = splitMarkdown(`start\n${"y".repeat(10_000)}\nend`, { limit: 3_000 });
    assert.ok(parts.every((p) => p.length <= 3_000));
    assert.ok(parts.some((p) => p.includes("yyy…")));
    assert.ok(parts.at(-1)!.endsWith("end"));
  });

  it("stops at maxParts with a truncation note that counts the omitted lines", () => {
    const markdown = Array.from({ length: 1_000 }, (_, i) => `row ${i}`).join("\n");
    const parts = splitMarkdown(markdown, { limit: 2_000, maxParts: 2, truncationNote: (n) => `omitted ${n}` });
    assert.equal(parts.length, 2);
    const shown = parts.join("\n").split("\n").filter((l) => l.startsWith("row ")).length;
    assert.match(parts[1]!, new RegExp(`omitted ${1_000 - shown}$`));
  });
});
