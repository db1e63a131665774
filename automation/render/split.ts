/**
 * Splits Markdown into parts that each fit a size limit, on line boundaries.
 * A part never ends inside a code fence or a `<details>` section without
 * closing it, and the next part reopens them, so every part renders on its own.
 * Content before the first cut (the summary table) always stays in part 1.
 */
import { DETAILS_CLOSE, truncate } from "./markdown";

/** GitHub's limit for an issue or comment body, in characters. */
export const GITHUB_BODY_LIMIT = 65_536;

export interface SplitOptions {
  /** Maximum characters per part. Default GITHUB_BODY_LIMIT. */
  readonly limit?: number;
  /** Text that starts part n (n ≥ 2), e.g. a hidden marker and "continued". Default: none. */
  readonly partHeader?: (part: number) => string;
  /** Parts to produce at most; the rest is replaced by `truncationNote`. Default: unlimited. */
  readonly maxParts?: number;
  /** Closing text when parts run out; receives the number of lines left out. */
  readonly truncationNote?: (omittedLines: number) => string;
}

type OpenBlock = { readonly kind: "details"; readonly line: string } | { readonly kind: "fence"; readonly line: string; readonly fence: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** Room kept in every part for closing lines and a truncation note. */
const NOTE_RESERVE = 600;

export function splitMarkdown(markdown: string, options: SplitOptions = {}): string[] {
  return markdown.length <= (options.limit ?? GITHUB_BODY_LIMIT) ? [markdown] : splitLines(markdown.split("\n"), options);
}

/** splitMarkdown for text that is already a list of lines (saves joining and re-splitting megabytes). */
export function splitLines(lines: readonly string[], options: SplitOptions = {}): string[] {
  const limit = options.limit ?? GITHUB_BODY_LIMIT;
  const maxParts = options.maxParts ?? Number.POSITIVE_INFINITY;
  const header = options.partHeader ?? (() => "");
  const note = options.truncationNote ?? ((n: number) => `_${n} more lines not shown._`);
  let total = -1;
  for (const line of lines) total += line.length + 1;
  if (total <= limit) return [lines.join("\n")];
  const budget = limit - NOTE_RESERVE;
  if (budget < 1_000) throw new RangeError(`split limit ${limit} is too small`);

  const parts: string[] = [];
  const open: OpenBlock[] = [];
  // What closing every open block costs, kept up to date instead of recomputed per line.
  let closing = 0;
  let current: string[] = [];
  let size = 0;
  const push = (line: string): void => {
    current.push(line);
    size += line.length + 1;
  };
  const closeAll = (): void => {
    for (let i = open.length - 1; i >= 0; i--) {
      const block = open[i]!;
      if (block.kind === "fence") push(block.fence);
      else {
        push("");
        push(DETAILS_CLOSE);
      }
    }
  };

  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!;
    const room = budget - closing - size;
    if (line.length + 1 > room && current.length > 0) {
      closeAll();
      parts.push(current.join("\n"));
      if (parts.length >= maxParts) {
        parts[parts.length - 1] += `\n\n${note(lines.length - index)}`;
        return parts;
      }
      current = [];
      size = 0;
      const head = header(parts.length + 1);
      if (head !== "") push(head);
      for (const block of open) {
        push(reopen(block));
        // An HTML block runs until a blank line: without one, the Markdown that follows renders as literal text.
        if (block.kind === "details") push("");
      }
    }
    // A single line longer than a whole part (a huge diagnostic) is cut rather than dropped.
    const maxLine = budget - closing - size - 1;
    if (line.length > maxLine) line = cutLine(line, Math.max(1, maxLine), open[open.length - 1]?.kind === "fence");
    push(line);
    closing += track(open, line);
  }
  parts.push(current.join("\n"));
  return parts;
}

/**
 * Updates the open blocks after `line` and returns the change in closing cost.
 * Inside a fence only the closing fence counts. Most lines start with neither
 * a fence character nor `<`, and are dismissed by their first character.
 */
function track(open: OpenBlock[], line: string): number {
  const first = line.trimStart()[0];
  if (first !== "`" && first !== "~" && first !== "<") return 0;
  const top = open[open.length - 1];
  const fence = first === "<" ? null : line.match(FENCE);
  if (top?.kind === "fence") {
    if (fence && fence[2]!.trim() === "" && fence[1]![0] === top.fence[0] && fence[1]!.length >= top.fence.length) {
      open.pop();
      return -cost(top);
    }
    return 0;
  }
  let block: OpenBlock | undefined;
  if (fence) block = { kind: "fence", line, fence: fence[1]! };
  else if (/^<details[\s>]/.test(line.trim())) block = { kind: "details", line: line.trim() };
  else if (line.trim() === DETAILS_CLOSE && top?.kind === "details") {
    open.pop();
    return -cost(top);
  }
  if (!block) return 0;
  open.push(block);
  return cost(block);
}

/**
 * A line cut to `max` characters. Outside a fence, a code span the cut leaves
 * open is closed with its own backtick run: an unmatched run is literal text
 * in CommonMark, which would turn the rest of the line into live Markdown.
 */
export function cutLine(line: string, max: number, inFence = false): string {
  if (line.length <= max) return line;
  if (inFence) return truncate(line, max);
  let cut = truncate(line, max);
  let run = openCodeSpan(cut);
  if (run > 0) {
    cut = truncate(line, Math.max(1, max - run));
    run = openCodeSpan(cut);
    cut += "`".repeat(run);
  }
  return cut;
}

/** Length of the backtick run that opens a code span left unclosed at the end of `text`, or 0. */
function openCodeSpan(text: string): number {
  const runs = [...text.matchAll(/`+/g)].map((m) => m[0].length);
  for (let i = 0; i < runs.length; i++) {
    const closing = runs.indexOf(runs[i]!, i + 1);
    if (closing < 0) return runs[i]!;
    i = closing;
  }
  return 0;
}

/** Characters needed to close a block: its fence line, or an empty line and `</details>`. */
function cost(block: OpenBlock): number {
  return block.kind === "fence" ? block.fence.length + 1 : DETAILS_CLOSE.length + 2;
}

/** The line that reopens a block in the next part; a details summary is marked as continued. */
function reopen(block: OpenBlock): string {
  if (block.kind === "fence") return block.line;
  return block.line.includes("</summary>") ? block.line.replace("</summary>", " <i>(continued)</i></summary>") : block.line;
}
