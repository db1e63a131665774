import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { Command } from "commander";
import { formatStatus, registerLabCommands, runLabDown, runLabStatus, runLabUp } from "../../cli/commands/lab";
import { COMPONENTS, type LabStatus } from "../../lab";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "lab-cli-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function collector(): { io: { stdout(l: string): void; stderr(l: string): void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, out, err };
}

describe("gitops lab CLI", () => {
  it("registers `lab up|down|status` with --state-dir, --json and --purge", () => {
    const program = new Command("gitops");
    registerLabCommands(program);
    const lab = program.commands.find((c) => c.name() === "lab");
    assert.ok(lab);
    assert.deepEqual(lab.commands.map((c) => c.name()), ["up", "down", "publish", "status"]);
    for (const sub of lab.commands) {
      const flags = sub.options.map((o) => o.long);
      assert.ok(flags.includes("--state-dir") && flags.includes("--json"), sub.name());
    }
    assert.ok(lab.commands.find((c) => c.name() === "down")?.options.some((o) => o.long === "--purge"));
    const up = lab.commands.find((c) => c.name() === "up")?.options.map((o) => o.long);
    assert.ok(up?.includes("--no-argocd") && up.includes("--no-publish"), "up can leave Argo CD out and skip publishing");
  });

  it("status of a lab that is not running exits 1 and says so, in JSON too", async () => {
    const stateDir = path.join(root, "never-started");
    const { io, out } = collector();
    assert.equal(await runLabStatus({ stateDir, json: true, apiserverPort: "29999" }, io), 1);
    const status = JSON.parse(out.join("\n")) as LabStatus;
    assert.equal(status.healthy, false);
    assert.deepEqual(status.components.map((c) => c.name), [...COMPONENTS]);
    assert.ok(status.components.every((c) => c.state === "stopped"));
    assert.deepEqual(status.applications, []);
    assert.equal(status.server, "https://127.0.0.1:29999");
  });

  it("up without binaries exits 1 with the command that provides them", async () => {
    const saved = process.env.ETCD;
    process.env.ETCD = path.join(root, "no-such-etcd");
    try {
      const { io, err, out } = collector();
      assert.equal(await runLabUp({ stateDir: path.join(root, "no-binaries"), json: true }, io), 1);
      assert.match(err.join("\n"), /etcd.*not found.*npm run toolchain -- --lab/s);
      assert.equal(JSON.parse(out.join("\n")).kind, "MissingBinaryError");
    } finally {
      if (saved === undefined) delete process.env.ETCD;
      else process.env.ETCD = saved;
    }
  });

  it("down --purge refuses a directory the lab did not create, and leaves it alone", async () => {
    const precious = path.join(root, "precious");
    fs.mkdirSync(precious);
    fs.writeFileSync(path.join(precious, "notes.txt"), "keep me");
    const { io, err } = collector();
    assert.equal(await runLabDown({ stateDir: precious, purge: true }, io), 1);
    assert.match(err.join("\n"), /not a gitops lab state directory/);
    assert.equal(fs.readFileSync(path.join(precious, "notes.txt"), "utf8"), "keep me");
  });

  it("rejects a malformed port option", async () => {
    const { io, err } = collector();
    assert.equal(await runLabStatus({ stateDir: root, etcdPort: "lots" }, io), 1);
    assert.match(err.join("\n"), /--etcd-port lots is not a port number/);
  });

  it("formats status as one line per component plus readyz and kubeconfig", () => {
    const lines = formatStatus({
      stateDir: "/s",
      kubeconfig: "/s/kubeconfig",
      context: "gitops-lab",
      server: "https://127.0.0.1:26443",
      healthy: false,
      readyz: { ok: false, detail: "[-]etcd failed" },
      applications: [],
      components: [
        { name: "etcd", state: "stopped", stalePidFile: true, outdated: false, ports: [1, 2], url: "https://127.0.0.1:1", health: "not running", log: "/s/logs/etcd.log" },
      ],
    });
    assert.match(lines[0], /^etcd\s+stopped\s+pid -\s+https:\/\/127\.0\.0\.1:1\s+ports 1,2\s+\(not running; stale pid file\)$/);
    assert.equal(lines[1], "readyz: [-]etcd failed");
    assert.equal(lines[2], "kubeconfig: /s/kubeconfig (context gitops-lab, server https://127.0.0.1:26443)");
  });
});
