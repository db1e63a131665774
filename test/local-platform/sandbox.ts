/**
 * A throwaway copy of the project for the local-platform test, as a Git repository of its
 * own: the real program (linked, not copied, and ignored by Git), and the GitOps content
 * (apps/, argocd/, copied and committed) pointing at the test lab's Git remote instead of
 * the default one, so the test never touches a lab, state or remote a developer is using.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { DEFAULT_PORTS, type LabPorts } from "../../lab";

export const REPO = path.resolve(__dirname, "../..");
const LINKED = ["Pulumi.yaml", "index.ts", "components", "platform", "node_modules", "package.json", "tsconfig.json", "bin", "cli", "automation", "lab", "gitops"];
const COPIED = ["apps", "argocd"];

export interface Sandbox {
  readonly root: string;
  readonly workDir: string;
  readonly labDir: string;
  /** Runs git in the sandbox repository; returns its trimmed stdout. */
  git(...args: string[]): string;
}

const defaultRemote = `git://127.0.0.1:${DEFAULT_PORTS.gitDaemon}/`;

export function createSandbox(ports: LabPorts): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "local-platform-"));
  const workDir = path.join(root, "project");
  const labDir = path.join(root, "lab");
  fs.mkdirSync(workDir);
  for (const entry of LINKED) fs.symlinkSync(path.join(REPO, entry), path.join(workDir, entry));
  for (const entry of COPIED) fs.cpSync(path.join(REPO, entry), path.join(workDir, entry), { recursive: true });
  const remote = `git://127.0.0.1:${ports.gitDaemon}/`;
  for (const file of files(path.join(workDir, "argocd")).filter((f) => f.endsWith(".yaml"))) {
    const text = fs.readFileSync(file, "utf8");
    if (text.includes(defaultRemote)) fs.writeFileSync(file, text.split(defaultRemote).join(remote));
  }
  const stack = parseDocument(fs.readFileSync(path.join(REPO, "Pulumi.local.yaml"), "utf8"));
  stack.setIn(["config", "gitops-platform:cluster", "kubeconfig"], path.join(labDir, "kubeconfig"));
  stack.setIn(["config", "gitops-platform:argocd", "repoUrl"], `${remote}gitops-platform.git`);
  fs.writeFileSync(path.join(workDir, "Pulumi.local.yaml"), stack.toString());
  fs.writeFileSync(path.join(workDir, ".gitignore"), `${LINKED.map((l) => `/${l}`).join("\n")}\n`);
  const git = (...args: string[]): string =>
    execFileSync("git", ["-c", "user.name=gitops test", "-c", "user.email=test@gitops.invalid", ...args], { cwd: workDir, encoding: "utf8" }).trim();
  git("init", "--quiet", "--initial-branch=main");
  git("add", "--all");
  git("commit", "--quiet", "-m", "the platform's GitOps content");
  return { root, workDir, labDir, git };
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export { freeLabPorts as freePorts } from "../support/lab-ports";
