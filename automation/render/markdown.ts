/** Small, safe Markdown/HTML building blocks. Pure strings. */

/** Escapes text for HTML contexts (`<summary>`, `<code>`), which GitHub renders inside `<details>`. */
export function escapeHtml(text: string): string {
  if (!/[&<>"]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A Markdown code span that survives backticks in the text. */
export function codeSpan(text: string): string {
  if (!/[`\n]/.test(text)) return `\`${text}\``;
  const single = text.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(single.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = single.startsWith("`") || single.endsWith("`") ? " " : "";
  return `${fence}${pad}${single}${pad}${fence}`;
}

/** A table cell: no line breaks, no unescaped pipes. */
export function tableCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fencedBlock(info: string, body: string): string[] {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...body.split("\n"), fence];
}

/** Opening line of a collapsible section; the splitter recognises and reopens it. */
export function detailsOpen(summaryHtml: string, options: { open?: boolean } = {}): string {
  return `<details${options.open ? " open" : ""}><summary>${summaryHtml}</summary>`;
}

export const DETAILS_CLOSE = "</details>";

/** Shortens text to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** "1 resource" / "2 resources"; irregular plurals are passed in ("property", "properties"). */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
