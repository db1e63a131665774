/**
 * One isolated engine setup per test file: a Pulumi installation root, a state
 * backend, a work directory running a fixture program (by default the shared
 * one), and the stacks the tests create there (destroyed and removed by
 * `dispose`, also after a failure).
 *
 * The installation root mirrors the official distribution: `bin/pulumi` with the
 * bundled plugins (language host, dynamic-provider plugin) beside it. The engine
 * looks for bundled plugins next to its own executable with symlinks resolved,
 * so `pulumi` is a hard link (a copy across file systems), not a symlink. A
 * plugin found on PATH instead works but adds a "using ... from $PATH" warning
 * to every run, which would end up in every report.
 */
import { execFile } from "node:child_process";
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse, stringify } from "yaml";
import type { LocalEngineOptions } from "../../../automation";
import { FIXTURE_PROGRAM, type Toolchain, requireToolchain } from "./toolchain";

/** Only ever used against throwaway test backends. */
export const TEST_PASSPHRASE = "integration-test-passphrase";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StackConfig {
  readonly plain?: Readonly<Record<string, string>>;
  readonly secret?: Readonly<Record<string, string>>;
}

export interface SandboxOptions {
  /** State backend; default a `file://` directory inside the sandbox. */
  readonly backendUrl?: string;
  /** Extra environment for every engine process (e.g. S3 credentials). */
  readonly env?: Readonly<Record<string, string>>;
  /** Directory of the Pulumi program the stacks run (its Pulumi.yaml); default the shared fixture program, which needs `stateDir`. */
  readonly program?: string;
}

export class Sandbox {
  readonly root: string;
  readonly workDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly program: string;
  private readonly stacks = new Set<string>();

  private constructor(
    readonly dir: string,
    readonly toolchain: Toolchain,
    options: SandboxOptions,
  ) {
    this.root = join(dir, "pulumi");
    this.workDir = join(dir, "work");
    this.program = options.program ?? FIXTURE_PROGRAM;
    const backendUrl = options.backendUrl ?? `file://${join(dir, "state")}`;
    mkdirSync(join(dir, "state"), { recursive: true });
    this.env = {
      ...stringEnv(process.env),
      PULUMI_HOME: toolchain.pulumiHome,
      PULUMI_BACKEND_URL: backendUrl,
      PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // No colour codes in anything the tests read.
      NO_COLOR: "1",
      ...options.env,
    };
  }

  static create(name: string, options: SandboxOptions = {}): Sandbox {
    const toolchain = requireToolchain();
    const sandbox = new Sandbox(mkdtempSync(join(tmpdir(), `gitops-it-${name}-`)), toolchain, options);
    sandbox.layOutRoot();
    sandbox.layOutWorkDir();
    return sandbox;
  }

  /**
   * Makes this sandbox the engine environment of the current process. The
   * Automation API starts `pulumi` with `process.env`, so in-process library
   * calls see the backend and passphrase only this way (one sandbox per test file).
   */
  activate(): void {
    for (const [name, value] of Object.entries(this.env)) process.env[name] = value;
  }

  /** Engine options for the library's `localStackSelector`. */
  get engine(): LocalEngineOptions {
    return { pulumiRoot: this.root, pulumiHome: this.toolchain.pulumiHome, env: this.env };
  }

  /** A stack name unique to this process and call, so parallel files and reruns never collide. */
  uniqueStackName(purpose: string): string {
    return `it-${purpose}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  }

  /** Directory the stack's managed files live in (the "cloud" drift is made in). */
  filesDir(stack: string): string {
    return join(this.dir, "files", stack);
  }

  /** Creates a stack with the fixture's required configuration plus `config`. */
  async createStack(purpose: string, config: StackConfig = {}): Promise<string> {
    const stack = this.uniqueStackName(purpose);
    mkdirSync(this.filesDir(stack), { recursive: true });
    await this.pulumiOk(["stack", "init", stack]);
    this.stacks.add(stack);
    const files: Record<string, string> = this.program === FIXTURE_PROGRAM ? { stateDir: this.filesDir(stack) } : {};
    await this.setConfig(stack, { ...config, plain: { ...files, ...config.plain } });
    return stack;
  }

  async setConfig(stack: string, config: StackConfig): Promise<void> {
    const args = ["config", "set-all", "--stack", stack];
    for (const [key, value] of Object.entries(config.plain ?? {})) args.push("--plaintext", `${key}=${value}`);
    for (const [key, value] of Object.entries(config.secret ?? {})) args.push("--secret", `${key}=${value}`);
    await this.pulumiOk(args);
  }

  async removeConfig(stack: string, key: string): Promise<void> {
    await this.pulumiOk(["config", "rm", key, "--stack", stack]);
  }

  /** Runs the engine CLI in the work directory; never throws on a non-zero exit. */
  pulumi(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(
        join(this.root, "bin", "pulumi"),
        [...args, "--non-interactive"],
        { cwd: this.workDir, env: { ...this.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async pulumiOk(args: readonly string[]): Promise<string> {
    const result = await this.pulumi(args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
    return result.stdout;
  }

  /** Applies a stack directly with the engine (test setup, not the code under test). */
  async up(stack: string): Promise<void> {
    await this.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
  }

  /** Plaintext stack outputs, secrets included: what a test must never find in any report. */
  async outputsWithSecrets(stack: string): Promise<Record<string, unknown>> {
    return JSON.parse(await this.pulumiOk(["stack", "output", "--json", "--show-secrets", "--stack", stack])) as Record<string, unknown>;
  }

  /**
   * Destroys and removes every stack this sandbox created, then deletes the
   * sandbox. Failures are collected, not thrown, so one stuck stack does not
   * leave the others behind; `stack rm --force` drops a stack whose destroy failed.
   */
  async dispose(): Promise<string[]> {
    const problems: string[] = [];
    await Promise.all(
      [...this.stacks].map(async (stack) => {
        const destroyed = await this.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
        if (destroyed.code !== 0) problems.push(`destroy ${stack}: ${destroyed.stderr.trim().split("\n").at(-1)}`);
        const removed = await this.pulumi(["stack", "rm", "--yes", ...(destroyed.code === 0 ? [] : ["--force"]), "--stack", stack]);
        if (removed.code !== 0) problems.push(`stack rm ${stack}: ${removed.stderr.trim()}`);
      }),
    );
    this.stacks.clear();
    rmSync(this.dir, { recursive: true, force: true });
    return problems;
  }

  private layOutRoot(): void {
    const bin = join(this.root, "bin");
    mkdirSync(bin, { recursive: true });
    try {
      linkSync(this.toolchain.pulumi, join(bin, "pulumi"));
    } catch {
      copyFileSync(this.toolchain.pulumi, join(bin, "pulumi"));
    }
    symlinkSync(this.toolchain.languageHost, join(bin, "pulumi-language-nodejs"));
    symlinkSync(this.toolchain.dynamicProvider, join(bin, "pulumi-resource-pulumi-nodejs"));
  }

  /**
   * The program's Pulumi.yaml with `main` pointing back into the repository: the
   * program resolves @pulumi/* from the repository's node_modules, while stack
   * configuration files stay in the temporary work directory.
   */
  private layOutWorkDir(): void {
    mkdirSync(this.workDir, { recursive: true });
    const project = parse(readFileSync(join(this.program, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    project.main = relative(this.workDir, join(this.program, String(project.main ?? "index.ts")));
    writeFileSync(join(this.workDir, "Pulumi.yaml"), stringify(project));
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
