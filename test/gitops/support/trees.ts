/** Temporary repository trees for lint, generate and new-app tests. */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listYamlFiles } from "../../../gitops/repo/files";

export const REPO_ROOT = join(__dirname, "..", "..", "..");
export const FIXTURES = join(REPO_ROOT, "test", "fixtures", "gitops");
export const BASE_FIXTURE = join(FIXTURES, "_base");

export interface ExpectedFinding {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
}

/** Fixture directories that break a rule (everything except `_base` and plain files). */
export function ruleFixtures(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "_base")
    .map((entry) => entry.name)
    .sort();
}

export function expectedFindings(fixture: string): ExpectedFinding[] {
  const parsed = JSON.parse(readFileSync(join(FIXTURES, fixture, "expect.json"), "utf8")) as { findings: ExpectedFinding[] };
  return parsed.findings;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gitops-${prefix}-`));
}

/** `_base` with the fixture's `tree/` copied over it, in a fresh temporary directory. */
export function materializeFixture(fixture: string): string {
  const root = tempDir(fixture);
  cpSync(BASE_FIXTURE, root, { recursive: true });
  cpSync(join(FIXTURES, fixture, "tree"), root, { recursive: true });
  return root;
}

/** A copy of the real repository's YAML (all that lint, generate and new-app read). */
export async function copyRepositoryYaml(): Promise<string> {
  const root = tempDir("repo");
  for (const file of await listYamlFiles(REPO_ROOT)) cpSync(join(REPO_ROOT, file), join(root, file));
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
