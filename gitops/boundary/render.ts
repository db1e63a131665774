/** The boundary report as text for a person: violations first, then the hand-offs, then a summary. */
import { describeObject, type BoundaryReport, type ObjectOwnership, type Violation } from "./analyze";

const list = (names: readonly string[]): string => names.join(", ");

function violationText(violation: Violation): string {
  const object = describeObject(violation.object);
  switch (violation.rule) {
    case "co-owned":
      return (
        `${object}: ${violation.fields.length} field(s) owned by both Pulumi (${list(violation.pulumiManagers)}) and Argo CD (${list(violation.argocdManagers)}):\n` +
        violation.fields.map((field) => `    ${field}`).join("\n")
      );
    case "argocd-object-untracked":
      return `${object}: synced by Argo CD (argocd-controller) but carries no ${violation.marker}, so Argo CD cannot prune or diff it`;
    case "pulumi-object-tracked":
      return `${object}: managed by Pulumi (${list(violation.pulumiManagers)}) but carries ${violation.trackedBy.marker} of Application "${violation.trackedBy.application}", so Argo CD claims it`;
    case "handed-off-untracked":
      return `${object}: handed off to Argo CD but carries no ${violation.marker}: nobody took it over`;
    case "hand-off-target-unknown":
      return `${object}: hand-off annotation names "${violation.value}", expected "argocd"`;
  }
}

function handOffText(object: ObjectOwnership): string {
  const taken = object.trackedBy ? `tracked by ${object.trackedBy.application}` : "NOT tracked";
  return `${describeObject(object.object)}: ${taken}, ${object.sharedFields.length} co-owned field(s) by design`;
}

export function renderBoundaryText(report: BoundaryReport, unreadable: readonly { what: string; reason: string }[] = []): string {
  const count = (predicate: (o: ObjectOwnership) => boolean): number => report.objects.filter(predicate).length;
  const lines: string[] = [];
  if (report.violations.length > 0) {
    lines.push(`Violations (${report.violations.length}):`);
    for (const violation of report.violations) lines.push(`  ${violationText(violation)}`);
    lines.push("");
  }
  if (report.handedOff.length > 0) {
    lines.push(`Handed off from Pulumi to Argo CD (${report.handedOff.length}):`);
    for (const object of report.handedOff) lines.push(`  ${handOffText(object)}`);
    lines.push("");
  }
  if (unreadable.length > 0) {
    lines.push(`Not checked (${unreadable.length}):`);
    for (const u of unreadable) lines.push(`  ${u.what}: ${u.reason}`);
    lines.push("");
  }
  const managedBy = (...sides: string[]) => (o: ObjectOwnership) => !o.handedOff && o.sides.join() === sides.join();
  const both = report.objects.filter(managedBy("pulumi", "argocd"));
  lines.push(
    `${report.checkedObjects} object(s) checked (Argo CD tracking: ${report.tracking}): ` +
      `${count(managedBy("pulumi"))} managed by Pulumi only, ${count(managedBy("argocd"))} by Argo CD only, ` +
      `${both.length} by both (${both.filter((o) => o.sharedFields.length > 0).length} sharing fields), ${report.handedOff.length} handed off.`,
  );
  lines.push(
    report.clean
      ? unreadable.length > 0
        ? "No violation in what could be read, but the check is incomplete."
        : "The ownership boundary holds."
      : `The ownership boundary is broken: ${report.violations.length} violation(s).`,
  );
  return `${lines.join("\n")}\n`;
}
