/**
 * What a CLI command runs against: output streams, environment, and the
 * services that touch the outside world (files, git, GitHub, the engine), each
 * replaceable so tests parse arguments and check exit codes without spawning.
 */
import { execFile } from "node:child_process";
import { appendFile, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import type { SelectStack } from "../engine/stack";
import { type GitHubClient, type GitHubClientOptions, createGitHubClient } from "../github/client";
import type { HttpRetryPolicy } from "../github/http-retry";
import type { LockRetryPolicy } from "../lock-retry";

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. Default: process.cwd(). */
  readonly cwd?: string;
  /** Aborts running operations (the bin wires SIGINT/SIGTERM to it). Default: none. */
  readonly signal?: AbortSignal;
  /** Replacements for the outside world; tests use them. Default: the real ones. */
  readonly services?: Partial<CliServices>;
}

export interface CliServices {
  /** Reaches a stack; default: `localStackSelector` (the pulumi CLI), configured from --pulumi-root/--pulumi-home. */
  readonly selectStack?: SelectStack;
  readonly readFile: (path: string) => Promise<string>;
  readonly readFileSync: (path: string) => string;
  readonly writeFile: (path: string, text: string) => Promise<void>;
  readonly appendFile: (path: string, text: string) => Promise<void>;
  /** Paths of every file under a directory, at any depth; rejects with code ENOENT when it does not exist. */
  readonly listFiles: (dir: string) => Promise<string[]>;
  /** Runs git and returns its stdout. */
  readonly git: (args: readonly string[], cwd: string) => Promise<string>;
  readonly github: (options: GitHubClientOptions) => GitHubClient;
  readonly fetch: typeof fetch;
  /** Retry policy for GitHub and webhooks; default: the client's own. */
  readonly httpRetry?: HttpRetryPolicy;
  /** Retry policy for locked stacks; default: the library's own. */
  readonly lockRetry?: LockRetryPolicy;
}

const execFileAsync = promisify(execFile);

export const REAL_SERVICES: CliServices = {
  readFile: (path) => readFile(path, "utf8"),
  readFileSync: (path) => readFileSync(path, "utf8"),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  appendFile: (path, text) => appendFile(path, text, "utf8"),
  listFiles,
  git: async (args, cwd) => (await execFileAsync("git", [...args], { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout,
  github: createGitHubClient,
  fetch: (...args) => fetch(...args),
};

async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** The state one invocation shares between main.ts and the commands. */
export interface CommandRuntime {
  readonly io: CliIo;
  readonly services: CliServices;
  readonly cwd: string;
  /** Set by our commands; commands registered by others set process.exitCode instead. */
  exitCode: number | undefined;
}

export function createRuntime(io: CliIo): CommandRuntime {
  return { io, services: { ...REAL_SERVICES, ...io.services }, cwd: io.cwd ?? process.cwd(), exitCode: undefined };
}

/** Documented exit codes. */
export const EXIT = {
  ok: 0,
  error: 1,
  drift: 2,
} as const;
