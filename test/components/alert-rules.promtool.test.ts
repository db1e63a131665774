/**
 * The Argo CD alerts evaluated by Prometheus' own rule tester, promtool, on
 * synthetic `argocd_app_info` series.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { argocdAlertGroups } from "../../components/monitoring/argocd-alerts";
import { requireTool } from "../support/tools";

const settings = { outOfSyncFor: "10m", degradedFor: "10m", runbookBaseUrl: "https://runbooks.example", environment: "staging" };
const app = (sync: string, health: string) =>
  `argocd_app_info{name="api-service-staging",project="staging",dest_server="https://kubernetes.default.svc",sync_status="${sync}",health_status="${health}"}`;

function promtool(args: string[], cwd: string): { ok: boolean; output: string } {
  const bin = requireTool("promtool", "bash scripts/install-promtool.sh");
  try {
    return { ok: true, output: execFileSync(bin, args, { cwd, encoding: "utf8", stdio: "pipe" }) };
  } catch (error: any) {
    return { ok: false, output: `${error.stdout ?? ""}${error.stderr ?? ""}` };
  }
}

function workspace(tests: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
  fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: argocdAlertGroups(settings) }));
  fs.writeFileSync(path.join(dir, "tests.yaml"), stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests }));
  return dir;
}

const outOfSyncLabels = {
  severity: "warning", environment: "staging", name: "api-service-staging", project: "staging",
  dest_server: "https://kubernetes.default.svc", sync_status: "OutOfSync",
};

describe("Argo CD alerts under promtool", () => {
  it("are valid Prometheus rules", () => {
    const dir = workspace([]);
    const result = promtool(["check", "rules", "rules.yaml"], dir);
    assert.ok(result.ok, result.output);
    assert.match(result.output, /SUCCESS: 3 rules found/);
  });

  it("fire OutOfSync only after 10 minutes, and Degraded likewise", () => {
    const dir = workspace([
      {
        interval: "1m",
        input_series: [
          { series: app("OutOfSync", "Healthy"), values: "1x30" },
          { series: app("Synced", "Degraded").replace("api-service-staging", "billing-staging"), values: "1x30" },
        ],
        alert_rule_test: [
          { eval_time: "9m", alertname: "ArgoCdAppOutOfSync", exp_alerts: [] },
          {
            eval_time: "11m",
            alertname: "ArgoCdAppOutOfSync",
            exp_alerts: [{
              exp_labels: outOfSyncLabels,
              exp_annotations: {
                summary: "Argo CD application api-service-staging is OutOfSync",
                description: "Application api-service-staging in project staging has not been Synced for more than 10m. Git and the cluster disagree: someone changed the cluster by hand, or a sync is failing.",
                runbook_url: "https://runbooks.example/ArgoCdAppOutOfSync.md",
              },
            }],
          },
          { eval_time: "9m", alertname: "ArgoCdAppDegraded", exp_alerts: [] },
          {
            eval_time: "11m",
            alertname: "ArgoCdAppDegraded",
            exp_alerts: [{
              exp_labels: { severity: "critical", environment: "staging", name: "billing-staging", project: "staging", dest_server: "https://kubernetes.default.svc", health_status: "Degraded" },
              exp_annotations: {
                summary: "Argo CD application billing-staging is Degraded",
                description: "Application billing-staging in project staging has been Degraded for more than 10m.",
                runbook_url: "https://runbooks.example/ArgoCdAppDegraded.md",
              },
            }],
          },
        ],
      },
    ]);
    const result = promtool(["test", "rules", "tests.yaml"], dir);
    assert.ok(result.ok, result.output);
  });

  it("stay quiet when an app flaps back to Synced within 10 minutes", () => {
    const dir = workspace([{
      interval: "1m",
      input_series: [
        { series: app("OutOfSync", "Healthy"), values: "1x8 _x30" },
        { series: app("Synced", "Healthy"), values: "_x8 1x30" },
      ],
      alert_rule_test: [{ eval_time: "15m", alertname: "ArgoCdAppOutOfSync", exp_alerts: [] }],
    }]);
    const result = promtool(["test", "rules", "tests.yaml"], dir);
    assert.ok(result.ok, result.output);
  });

  it("would catch a rule that fired too early (the tester itself is not vacuous)", () => {
    const dir = workspace([{
      interval: "1m",
      input_series: [{ series: app("OutOfSync", "Healthy"), values: "1x30" }],
      alert_rule_test: [{ eval_time: "5m", alertname: "ArgoCdAppOutOfSync", exp_alerts: [{ exp_labels: outOfSyncLabels }] }],
    }]);
    assert.equal(promtool(["test", "rules", "tests.yaml"], dir).ok, false);
  });
});
