/**
 * `gitops lint`: proves the ownership boundary on a repository root. Reads the
 * repository once, builds each kustomize directory once, then runs every rule
 * as a pure function over the result.
 */
import { locateKustomize } from "../kustomize/locate";
import { loadLintContext } from "./context";
import { compareFindings, type Finding } from "./finding";
import { RULES } from "./rules";

export interface LintOptions {
  /** kustomize binary; located with locateKustomize() when omitted (throws KustomizeNotFoundError if absent). */
  readonly kustomize?: string;
  /** helm binary for in-repository charts; located with locateHelm() when a chart needs it (a missing helm is a finding). */
  readonly helm?: string;
  /** Parallel kustomize builds; defaults to min(4, CPUs). */
  readonly concurrency?: number;
}

export interface LintResult {
  readonly root: string;
  /** Sorted by file, line, rule. */
  readonly findings: readonly Finding[];
  /** Number of kustomize builds run. */
  readonly builds: number;
  readonly durationMs: number;
}

export async function lintRepository(root: string, options: LintOptions = {}): Promise<LintResult> {
  const started = performance.now();
  const kustomize = options.kustomize ?? locateKustomize();
  const context = await loadLintContext(root, { kustomize, ...(options.helm ? { helm: options.helm } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  // Generated Applications share their ApplicationSet's lines: one finding per place and message.
  const unique = new Map(RULES.flatMap((rule) => rule.check(context)).map((f) => [`${f.file}:${f.line}:${f.rule}:${f.message}`, f]));
  const findings = [...unique.values()].sort(compareFindings);
  return { root, findings, builds: context.builds.size, durationMs: Math.round(performance.now() - started) };
}

export { RULES } from "./rules";
export { formatFinding, hasErrors, type Finding } from "./finding";
