/**
 * `gitops lint` and `gitops generate`: thin wrappers over gitops/lint and
 * gitops/generate. Findings go to stdout (`file:line: [rule] message`, or JSON),
 * progress to stderr. Exit code 0 when clean, 1 on findings or errors.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { planForRepository } from "../../gitops/generate";
import { KustomizeNotFoundError } from "../../gitops/kustomize/locate";
import { formatFinding, hasErrors, lintRepository, RULES, type Finding } from "../../gitops/lint";
import { toSarif } from "../../gitops/lint/sarif";
import { compareGenerated } from "../../gitops/lint/rules/generated-files";
import { readRepository } from "../../gitops/repo/repository";
import { writeGeneratedFiles } from "../../gitops/write-generated";

/** Where a command writes; tests pass collectors instead of the process streams. */
export interface CommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

export const processIo: CommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

export type LintFormat = "text" | "json" | "sarif";
export const LINT_FORMATS: readonly LintFormat[] = ["text", "json", "sarif"];

export interface LintCommandOptions {
  /** Repository root; default: the current directory. */
  readonly root?: string;
  /** Same as `format: "json"`; default false. */
  readonly json?: boolean;
  /** Output on stdout: `file:line: [rule] message` lines (default), one JSON object, or a SARIF 2.1.0 log. */
  readonly format?: string;
}

function printResult(io: CommandIo, format: LintFormat, root: string, findings: readonly Finding[], extra: { durationMs?: number; builds?: number; error?: string }): void {
  if (format === "json") io.stdout(JSON.stringify({ root, ...extra, findings }, null, 2));
  else if (format === "sarif") io.stdout(JSON.stringify(toSarif(findings, RULES, extra.error), null, 2));
  else findings.forEach((f) => io.stdout(formatFinding(f)));
}

/**
 * Exit 0 when clean (warnings allowed), 1 on errors or when the lint could not
 * run. With `--format json|sarif` stdout is valid JSON whatever happens.
 */
export async function runLint(options: LintCommandOptions, io: CommandIo = processIo): Promise<number> {
  const root = resolve(options.root ?? process.cwd());
  const format = (options.format ?? (options.json ? "json" : "text")) as LintFormat;
  if (!LINT_FORMATS.includes(format)) {
    io.stderr(`gitops lint: --format ${format} is not one of ${LINT_FORMATS.join(", ")}`);
    return 1;
  }
  io.stderr(`gitops lint: ${root}`);
  try {
    const result = await lintRepository(root);
    printResult(io, format, root, result.findings, { durationMs: result.durationMs, builds: result.builds });
    const errors = result.findings.filter((f) => f.severity === "error").length;
    io.stderr(`gitops lint: ${errors} error(s), ${result.findings.length - errors} warning(s); ${result.builds} kustomize build(s) in ${result.durationMs} ms`);
    return hasErrors(result.findings) ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (format !== "text") printResult(io, format, root, [], { error: message });
    io.stderr(`gitops lint: ${message}`);
    if (!(error instanceof KustomizeNotFoundError) && format === "text") throw error;
    return 1;
  }
}

export interface GenerateCommandOptions {
  /** Repository root; default: the current directory. */
  readonly root?: string;
  /** Only compare; exit 1 when files are missing, changed or stale. Default false (write). */
  readonly check?: boolean;
}

export async function runGenerate(options: GenerateCommandOptions, io: CommandIo = processIo): Promise<number> {
  const root = resolve(options.root ?? process.cwd());
  const repository = await readRepository(root);
  const generated = planForRepository(repository);
  const blockers: Finding[] = [
    ...repository.stackProblems.map((p) => ({ rule: "stack-config", severity: "error" as const, ...p })),
    ...generated.problems.map((p) => ({ rule: "generated-files", severity: "error" as const, ...p })),
  ];
  if (blockers.length > 0 || options.check) {
    const findings = blockers.length > 0 ? blockers : compareGenerated(repository, generated);
    findings.forEach((f) => io.stdout(formatFinding(f)));
    io.stderr(`gitops generate: ${findings.length === 0 ? `${generated.files.size} generated file(s) up to date` : `${findings.length} problem(s)`}`);
    return findings.length === 0 ? 0 : 1;
  }
  const present = new Map([...repository.sources].map(([path, source]) => [path, source.text]));
  const result = await writeGeneratedFiles(root, generated.files, present);
  result.written.forEach((path) => io.stderr(`wrote ${path}`));
  result.deleted.forEach((path) => io.stderr(`deleted ${path}`));
  io.stderr(`gitops generate: ${result.written.length} written, ${result.deleted.length} deleted, ${result.unchanged.length} unchanged`);
  return 0;
}

export function registerLintCommands(program: Command): void {
  program
    .command("lint")
    .description("prove the GitOps ownership boundary on what Argo CD will apply: Applications and ApplicationSets, their sources, projects, destinations, secrets, images, generated files")
    .option("--root <dir>", "repository root (default: current directory)")
    .option("--json", "print findings as one JSON object (same as --format json)")
    .option("--format <format>", `output format: ${LINT_FORMATS.join(", ")} (default: text, file:line: [rule] message lines)`)
    .action(async (options: LintCommandOptions) => {
      process.exitCode = await runLint(options);
    });
  program
    .command("generate")
    .description("write the argocd/ files derived from platform/argocd-manifests.ts and the stack files")
    .option("--root <dir>", "repository root (default: current directory)")
    .option("--check", "only verify the files are up to date; exit 1 when not (default: write them)")
    .action(async (options: GenerateCommandOptions) => {
      process.exitCode = await runGenerate(options);
    });
}
