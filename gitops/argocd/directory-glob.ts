/**
 * `spec.source.directory.include` / `exclude` as Argo CD matches them: a
 * gobwas/glob pattern compiled without separators against the file's path
 * relative to the source directory, so `*` also crosses `/`. Supported syntax:
 * `*`, `**`, `?`, `[abc]`, `[!abc]`, `[a-z]` and `{a,b}`. Standard globbing
 * libraries stop `*` at `/`, hence this small translation.
 */
export function directoryGlob(pattern: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "{") (out += "(?:", depth++);
    else if (c === "}" && depth > 0) (out += ")", depth--);
    else if (c === "," && depth > 0) out += "|";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        out += body.startsWith("!") ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < pattern.length) out += `\\${pattern[++i]}`;
    else out += c.replace(/[.+^$()|\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

export interface DirectoryOptions {
  readonly recurse: boolean;
  readonly include?: string;
  readonly exclude?: string;
}

/** Argo CD's directory sources read these extensions; `.jsonnet` is evaluated, which the lint cannot do. */
const DIRECTORY_FILE = /\.(ya?ml|json|jsonnet)$/;

/** Whether a file at `relative` (to the source directory) is read by a directory source with these options. */
export function directoryReads(relative: string, options: DirectoryOptions): boolean {
  const name = relative.slice(relative.lastIndexOf("/") + 1);
  if (!DIRECTORY_FILE.test(name)) return false;
  if (!options.recurse && relative.includes("/")) return false;
  if (options.exclude && directoryGlob(options.exclude).test(relative)) return false;
  if (options.include && !directoryGlob(options.include).test(relative)) return false;
  return true;
}
