/**
 * Records the real engine's streams for Kubernetes-shaped changes: the real
 * Kubernetes provider against a private lab apiserver on free ports. A preview
 * with updates (detailed diffs), a replacement forced by an immutable field,
 * creates, a delete and program warnings, one quoting a secret; and a refresh
 * preview after objects were changed and deleted out of band, with whatever
 * the provider really reports beside them. Each stream is rendered here with
 * counts equal to the engine's summary and the planted secret nowhere; with
 * RECORD_ENGINE_EVENTS=1 they are kept as test/fixtures/engine-events/real-*-kubernetes*.jsonl.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type PreviewReport, type ProgressUpdate, Redactor, detectDrift, preview, renderDriftIssue, renderJsonReport, renderPreview, renderPreviewComment } from "../../automation";
import { KubeClient, type LabOptions, labDown, labUp } from "../../lab";
import { freeLabPorts } from "../support/lab-ports";
import { EventRecorder, assertNoSecrets, summaryCounts } from "./support/recorder";
import { Sandbox } from "./support/sandbox";
import { failures } from "./support/scenarios";
import { DB_PASSWORD } from "./support/secrets";
import { REPO_ROOT, requireKubernetesProvider } from "./support/toolchain";

const PROGRAM = join(REPO_ROOT, "test", "fixtures", "kubernetes-program");
const NAMESPACE = "/api/v1/namespaces/streams";

describe("real engine streams of the Kubernetes provider: changes and drift", { timeout: 900_000 }, () => {
  const labDir = mkdtempSync(join(tmpdir(), "gitops-it-k8s-lab-"));
  let lab: LabOptions | undefined;
  let kube: KubeClient;
  let sandbox: Sandbox | undefined;
  let stack = "";
  const secrets = [DB_PASSWORD];
  const redactor = new Redactor();
  const progress: ProgressUpdate[] = [];
  const options = () => ({ workDir: sandbox!.workDir, stacks: [stack], engine: sandbox!.engine, redactor, debugEvents: true, onProgress: (u: ProgressUpdate) => progress.push(u) });

  /** Renders a preview every way it is published and checks the planted secret is in none of them, then keeps the stream. */
  function published(report: PreviewReport, recorder: EventRecorder, name: string, parts: readonly string[]): void {
    assertNoSecrets(
      {
        "the comment": renderPreview(report, { redactor }),
        ...Object.fromEntries(parts.map((part, i) => [`comment part ${i + 1}`, part])),
        "the JSON report": renderJsonReport(report, { redactor }),
        "the typed report": JSON.stringify(report),
        "the progress log": JSON.stringify(progress),
      },
      secrets,
    );
    recorder.save(name, secrets);
  }

  before(async () => {
    requireKubernetesProvider();
    lab = { stateDir: labDir, ports: await freeLabPorts(), readyTimeoutMs: 240_000, stopTimeoutMs: 5_000, argocd: false };
    await labUp(lab);
    const kubeconfig = join(labDir, "kubeconfig");
    kube = KubeClient.fromKubeconfig(kubeconfig);
    sandbox = Sandbox.create("k8s", { program: PROGRAM });
    sandbox.activate();
    stack = await sandbox.createStack("k8s", { plain: { kubeconfig, features: "a" }, secret: { dbPassword: DB_PASSWORD } });
    await sandbox.up(stack);
  });

  after(async () => {
    try {
      assert.deepEqual(await sandbox?.dispose(), [], "every stack was destroyed and removed");
    } finally {
      if (lab) await labDown({ ...lab, purge: true }).catch(() => undefined);
      rmSync(labDir, { recursive: true, force: true });
    }
  });

  it("a preview: updates with their properties, two kinds of replacement, creates, a delete, warnings with the secret masked", async () => {
    await sandbox!.setConfig(stack, { plain: { team: "payments", logLevel: "debug", tier: "storefront", port: "8080", features: "b,c,d", echoSecret: "true" } });
    const recorder = new EventRecorder();
    const report = await preview({ ...options(), onEvent: recorder.onEvent });
    assert.equal(report.ok, true, failures(report));
    const run = report.stacks[0]!;
    assert.deepEqual(run.counts, summaryCounts(recorder.events));
    const changes = Object.fromEntries(run.resources.map((r) => [r.name, [r.op, r.steps, r.changedProperties, r.replacementProperties]]));
    assert.deepEqual(changes, {
      streams: ["update", ["update"], ['metadata.labels["gitops-platform.io/team"]'], []],
      "shop-http": ["update", ["update"], ["spec.ports[0].port", "spec.selector.tier"], []],
      // A fixed name: the provider deletes the old ConfigMap before creating its replacement.
      settings: ["replace", ["delete-replaced", "replace", "create-replacement"], ["data.logLevel"], ["data.logLevel"]],
      shop: ["replace", ["create-replacement", "replace", "delete-replaced"], ["spec.selector.matchLabels.tier", "spec.template.metadata.labels.tier"], ["spec.selector.matchLabels.tier"]],
      "feature-a": ["delete", ["delete"], [], []],
      ...Object.fromEntries(["b", "c", "d"].map((name) => [`feature-${name}`, ["create", ["create"], [], []]])),
    });
    // The order is the engine's: steps run concurrently.
    assert.deepEqual(
      run.diagnostics.map((d) => [d.severity, d.message, d.urn?.replace(/.*::/, "")]).sort(),
      [
        ["warning", "connecting to the database with password [secret]", undefined],
        ["warning", "logLevel debug logs every request body; use it only while investigating", "settings"],
      ],
    );

    const parts = renderPreviewComment(report, { redactor, limit: 2_000 });
    assert.ok(parts.length > 1, "a small limit splits the comment");
    assert.match(parts.join("\n"), /<code>\+- replace<\/code> <b>shop<\/b>[^\n]*\n\n- `spec\.selector\.matchLabels\.tier` \(forces replacement\)/);
    published(report, recorder, "preview-kubernetes", parts);
  });

  it("a refresh preview: a ConfigMap and the Deployment changed out of band, a ConfigMap deleted", async () => {
    await kube.patch(`${NAMESPACE}/configmaps/settings`, { data: { logLevel: "trace" } });
    await kube.delete(`${NAMESPACE}/configmaps/feature-a`);
    const deployments = await kube.get<{ items: { metadata: { name: string } }[] }>("/apis/apps/v1/namespaces/streams/deployments");
    assert.equal(deployments?.items.length, 1);
    await kube.patch(`/apis/apps/v1/namespaces/streams/deployments/${deployments!.items[0]!.metadata.name}`, { spec: { replicas: 3 } });

    const recorder = new EventRecorder();
    const report = await detectDrift({ ...options(), onEvent: recorder.onEvent });
    assert.equal(report.ok, true, JSON.stringify(report.stacks[0]));
    assert.equal(report.drifted, true);
    const run = report.stacks[0]!;
    assert.deepEqual(
      run.resources.map((r) => [r.name, r.kind, r.properties]).sort(),
      [
        ["feature-a", "deleted", []],
        ["settings", "changed", [{ path: "data.logLevel", expected: "info", actual: "trace" }]],
        ["shop", "changed", [{ path: "spec.replicas", expected: 1, actual: 3 }]],
      ],
    );
    // Everything else the provider reported is bookkeeping the ignore list drops.
    assert.ok(run.ignoredDifferences > 0);
    // The engine counts a changed resource as an update and a vanished one as a delete.
    const counts = summaryCounts(recorder.events)!;
    const kinds = run.resources.map((r) => r.kind);
    assert.deepEqual([counts.update, counts.delete], [kinds.filter((k) => k === "changed").length, kinds.filter((k) => k === "deleted").length], JSON.stringify(counts));
    assertNoSecrets({ "the drift report": renderJsonReport(report, { redactor }), "the drift issue": renderDriftIssue(run, { redactor }), "the progress log": JSON.stringify(progress) }, secrets);
    recorder.save("refresh-kubernetes-drift", secrets);
  });
});
