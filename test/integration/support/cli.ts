/**
 * Runs the real `gitops` executable (`node bin/gitops.js`) as CI does: its own
 * process, exit code, stdout and stderr, the sandbox's engine environment.
 */
import { spawn } from "node:child_process";
import type { RunResult, Sandbox } from "./sandbox";
import { GITOPS_BIN, REPO_ROOT } from "./toolchain";

/** Engine commands get the sandbox's installation root and work directory unless the test passes its own. */
export function gitops(sandbox: Sandbox, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<RunResult> {
  const engineArgs = ["preview", "deploy", "drift"].includes(args[0] ?? "")
    ? [
        ...(args.includes("--work-dir") ? [] : ["--work-dir", sandbox.workDir]),
        "--pulumi-root",
        sandbox.root,
        "--pulumi-home",
        sandbox.toolchain.pulumiHome,
        "--no-summary-file",
      ]
    : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GITOPS_BIN, ...args, ...engineArgs], {
      cwd: REPO_ROOT,
      // CI sets GITHUB_* variables; none may leak in from the developer's shell.
      env: withoutGitHub(sandbox.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

function withoutGitHub(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("GITHUB_")));
}

/** stderr lines that are not progress (`[stack] ...`) lines: what the CLI says about the outcome. */
export function outcomeLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.trim() !== "")
    .filter((line) => !/^\[[^\]]+\] /.test(line));
}
