/**
 * Renders Markdown the way GitHub does for comments (CommonMark + GFM tables,
 * raw HTML allowed) with markdown-it, and lists what would render wrong.
 */
import MarkdownIt from "markdown-it";

const markdownIt = new MarkdownIt({ html: true });

export function renderGfm(markdown: string): string {
  return markdownIt.render(markdown);
}

/** Why a Markdown text would not render as intended; empty when it renders correctly. */
export function gfmProblems(markdown: string): string[] {
  const problems: string[] = [];
  const lines = markdown.split("\n");
  for (const token of markdownIt.parse(markdown, {})) {
    if (token.type === "html_block") {
      // An HTML block runs until a blank line; Markdown caught inside it is shown as literal text.
      const swallowed = token.content.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("<"));
      if (swallowed.length > 0) problems.push(`Markdown swallowed by an HTML block at line ${token.map![0] + 1}: ${JSON.stringify(swallowed[0]!.slice(0, 80))}`);
    }
    if (token.type === "fence") {
      const last = lines[token.map![1] - 1]?.trim() ?? "";
      if (!last.startsWith(token.markup)) problems.push(`code fence opened at line ${token.map![0] + 1} is never closed`);
    }
  }
  const html = renderGfm(markdown);
  const count = (pattern: RegExp) => (html.match(pattern) ?? []).length;
  if (count(/<details[\s>]/g) !== count(/<\/details>/g)) problems.push(`unbalanced <details>: ${count(/<details[\s>]/g)} opened, ${count(/<\/details>/g)} closed`);
  if (count(/<summary>/g) !== count(/<\/summary>/g)) problems.push("unbalanced <summary>");
  const prose = html.replace(/<pre>[\s\S]*?<\/pre>/g, "").replace(/<code>[\s\S]*?<\/code>/g, "");
  const stray = prose.indexOf("`");
  if (stray >= 0) problems.push(`a backtick outside code (an unclosed code span): ${JSON.stringify(prose.slice(Math.max(0, stray - 40), stray + 40))}`);
  return problems;
}
