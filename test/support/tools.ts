/**
 * Finds the external binaries tests run for real. A missing tool fails the
 * test with the command that provides it; nothing is skipped.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const CACHE = process.env.GITOPS_TOOLCHAIN_CACHE ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "gitops-platform");

/** Path of `tool`: `$<TOOL>` env var, then the project's tool cache, then PATH. */
export function requireTool(tool: string, installHint: string): string {
  const fromEnv = process.env[tool.toUpperCase().replace(/-/g, "_")];
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const toolsDir = path.join(CACHE, "tools");
  if (fs.existsSync(toolsDir)) {
    for (const entry of fs.readdirSync(toolsDir).filter((e) => e.startsWith(`${tool}-`)).sort().reverse()) {
      const candidate = path.join(toolsDir, entry, tool);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, tool);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${tool} is not installed: run \`${installHint}\` (or set ${tool.toUpperCase()} to its path)`);
}
