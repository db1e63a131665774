/**
 * What `npm start` shows when the local platform is up: pure text from the report.
 */
import type { LocalPlatformReport } from "../local-platform";

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function renderLocalPlatformReport(report: LocalPlatformReport): string {
  const deployed = report.deploy.stacks[0];
  const previewed = report.preview.stacks[0];
  const drift = report.drift.stacks[0];
  const counts = deployed ? Object.entries(deployed.counts).filter(([, n]) => n > 0).map(([op, n]) => `${n} ${op}`).join(", ") : "not run";
  const published = report.lab.published;
  const synced = report.applications.map((a) => `${a.name} ${a.sync}/${a.health}`).join(", ");
  const lines = [
    report.ok ? "The local platform is up." : "The local platform is NOT healthy; see the failed step below.",
    "",
    `  lab             ${report.lab.alreadyRunning ? "already running" : `started ${report.lab.started.join(", ")}`} (${seconds(report.timingsMs.lab)})`,
    `  git remote      ${published ? `${published.url} ${published.branch} at ${published.commit.slice(0, 12)}${published.uncommittedChanges ? " (uncommitted changes are not published)" : ""}` : "not published"}`,
    `  pulumi up       ${deployed?.status ?? "not run"}: ${counts || "no changes"} (${seconds(report.timingsMs.deploy)})`,
    `  argocd          ${synced ? `synced ${report.commit.slice(0, 12)}: ${synced}` : "not run"} (${seconds(report.timingsMs.argocd)})`,
    `  preview         ${previewed?.status === "succeeded" ? (report.preview.hasChanges ? "CHANGES PENDING" : "no changes") : "failed"} (${seconds(report.timingsMs.preview)})`,
    `  drift           ${drift?.status ?? "not run"} (${seconds(report.timingsMs.drift)})`,
    `  state           ${report.backendUrl}${report.stackCreated ? " (stack created)" : ""}`,
    "",
    "Look around:",
    `  export KUBECONFIG=${report.kubeconfig} PATH=${report.toolchainBin ?? "<toolchain bin>"}:$PATH`,
    "  kubectl -n argocd get applications",
    "  kubectl -n api-service get deployments,pods",
    "  npx gitops lab status",
    "  npx gitops drift --stack local      # after editing something by hand",
    "  npx gitops lab down",
  ];
  for (const failure of [deployed?.error, previewed?.error, drift?.error]) if (failure) lines.push("", `error: ${failure.message}`);
  return `${lines.join("\n")}\n`;
}
