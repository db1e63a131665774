/**
 * A throwaway copy of the project for the local-platform test: the real program
 * (linked, not copied) with a Pulumi.local.yaml pointing at the test's own lab,
 * so the test never touches a lab or state a developer is using.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";

export const REPO = path.resolve(__dirname, "../..");
const LINKED = ["Pulumi.yaml", "index.ts", "components", "platform", "node_modules", "package.json", "tsconfig.json"];

export interface Sandbox {
  readonly root: string;
  readonly workDir: string;
  readonly labDir: string;
}

export function createSandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "local-platform-"));
  const workDir = path.join(root, "project");
  const labDir = path.join(root, "lab");
  fs.mkdirSync(workDir);
  for (const entry of LINKED) fs.symlinkSync(path.join(REPO, entry), path.join(workDir, entry));
  const stack = parseDocument(fs.readFileSync(path.join(REPO, "Pulumi.local.yaml"), "utf8"));
  stack.setIn(["config", "gitops-platform:cluster", "kubeconfig"], path.join(labDir, "kubeconfig"));
  fs.writeFileSync(path.join(workDir, "Pulumi.local.yaml"), stack.toString());
  return { root, workDir, labDir };
}

/** Four consecutive free loopback ports, so the test lab never collides with a developer's. */
export async function freePorts(): Promise<{ etcdClient: number; etcdPeer: number; apiserver: number; controllerManager: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 30000 + Math.floor(Math.random() * 3000) * 10;
    const ports = [base, base + 1, base + 2, base + 3];
    if ((await Promise.all(ports.map(isFree))).every(Boolean))
      return { etcdClient: ports[0]!, etcdPeer: ports[1]!, apiserver: ports[2]!, controllerManager: ports[3]! };
  }
  throw new Error("no four free consecutive ports on 127.0.0.1");
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
