/**
 * Mutation check for the safety properties (`npm run test:mutation`): applies
 * each mutation in scripts/mutations.ts to a scratch copy of the repository,
 * runs the tests that guard its property and expects them to fail. A mutation
 * the tests survive means a test stopped guarding its property: exit 1.
 *
 * The working tree is never modified; each worker owns a copy (node_modules is
 * linked) and restores the mutated file after every run.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MUTATIONS, type Mutation, applyMutation } from "./mutations";

const ROOT = path.resolve(__dirname, "..");
/** Two workers fit CI's two cores; more only queue on the CPU. */
const WORKERS = Math.max(1, Number(process.env.MUTATION_WORKERS ?? 2));
/** A mutation that makes a test hang (say, an unbounded retry) is stopped and counted as caught. */
const TIMEOUT_MS = 120_000;

interface TestRun {
  readonly failed: boolean;
  readonly timedOut: boolean;
  /** Names of the failing tests, for the table. */
  readonly failures: string[];
  readonly output: string;
}

/** The repository's files as the working tree has them (tracked and new, not ignored), copied into a scratch directory. */
function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-mutation-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function runTests(cwd: string, tests: readonly string[]): Promise<TestRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", ...tests], { cwd, env: { ...process.env, NODE_ENV: "test" } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // TAP lists a failing test before the suites around it, so the first is the innermost.
      const failures = [...output.matchAll(/^\s*not ok \d+ - (.+)$/gm)].map((m) => m[1]!);
      resolve({ failed: code !== 0, timedOut: signal === "SIGKILL", failures: failures.map((f) => f.replace(`${cwd}/`, "")), output });
    });
  });
}

interface Outcome {
  readonly mutation: Mutation;
  readonly killed: boolean;
  readonly by: string;
  readonly seconds: number;
}

async function check(copy: string, mutation: Mutation): Promise<Outcome> {
  const file = path.join(copy, mutation.file);
  const original = fs.readFileSync(file, "utf8");
  const started = Date.now();
  fs.writeFileSync(file, applyMutation(original, mutation));
  try {
    const run = await runTests(copy, mutation.tests);
    const by = run.timedOut ? "timed out" : run.failures[0] ?? (run.failed ? "test run failed" : "-");
    return { mutation, killed: run.failed, by, seconds: (Date.now() - started) / 1000 };
  } finally {
    fs.writeFileSync(file, original);
  }
}

function table(outcomes: readonly Outcome[]): string {
  const rows = outcomes.map((o) => [o.killed ? "killed" : "SURVIVED", o.mutation.property, o.mutation.file, `${o.seconds.toFixed(1)}s`, o.by.slice(0, 70)]);
  const header = ["result", "property", "file", "time", "caught by"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  const started = Date.now();
  // Every mutation must apply before anything runs: a stale entry is an error, not a pass.
  for (const mutation of MUTATIONS) applyMutation(fs.readFileSync(path.join(ROOT, mutation.file), "utf8"), mutation);
  const copies = Array.from({ length: Math.min(WORKERS, MUTATIONS.length) }, scratchCopy);
  try {
    // Unmutated, the guarding tests must pass, or a failure would prove nothing; split over the workers.
    const guards = [...new Set(MUTATIONS.flatMap((m) => m.tests))].sort();
    const baselines = await Promise.all(copies.map((copy, i) => runTests(copy, guards.filter((_, j) => j % copies.length === i))));
    const broken = baselines.find((run) => run.failed);
    if (broken) {
      process.stderr.write(`${broken.output}\nmutation check: the guarding tests fail without any mutation; fix them first\n`);
      return 1;
    }
    const baselineSeconds = (Date.now() - started) / 1000;
    const outcomes: Outcome[] = [];
    const queue = [...MUTATIONS];
    await Promise.all(copies.map(async (copy) => {
      for (let next = queue.shift(); next; next = queue.shift()) outcomes.push(await check(copy, next));
    }));
    outcomes.sort((a, b) => MUTATIONS.indexOf(a.mutation) - MUTATIONS.indexOf(b.mutation));
    const survived = outcomes.filter((o) => !o.killed).length;
    console.log(table(outcomes));
    console.log(`\nmutation check: ${outcomes.length - survived} of ${outcomes.length} mutations killed, ${survived} survived; ` +
      `${guards.length} guarding test files; ${((Date.now() - started) / 1000).toFixed(1)}s with ${copies.length} worker(s), ` +
      `${baselineSeconds.toFixed(1)}s of it the unmutated run (target: under 180s)`);
    return survived === 0 ? 0 : 1;
  } finally {
    for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
  }
}

main().then((code) => (process.exitCode = code), (error: unknown) => {
  console.error(`mutation check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
