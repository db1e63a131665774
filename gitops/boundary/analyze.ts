/**
 * The ownership boundary, decided from live objects: which managers own which
 * fields, which of them are Pulumi's and Argo CD's, and what breaks the rules.
 * Pure: the caller lists the objects (see collect.ts), this decides.
 *
 * The rules:
 * - no field is owned both by a Pulumi manager and by an Argo CD manager
 *   (disjoint ownership is fine: Pulumi writes an Application's spec, Argo CD its status);
 * - every object Argo CD syncs (manager `argocd-controller`) carries Argo CD's tracking marker;
 * - no object Pulumi manages carries it, or Argo CD would claim, prune and rewrite it;
 * - except objects handed off to Argo CD (HANDED_OFF_TO_ANNOTATION): co-owned by design,
 *   listed apart, and they must be tracked, or nobody took them over.
 */
import { HANDED_OFF_TO_ANNOTATION, HANDED_OFF_TO_ARGOCD } from "../../components/ownership";
import { ancestorsOf, leafPaths, type LeafPath } from "./field-paths";
import { ARGOCD_SYNC_MANAGER, managerClassifier, type ManagerNames, type Side } from "./managers";
import { trackingOf, type TrackingMarker, type TrackingMethod } from "./tracking";

/** What the analysis reads of a live object: its identity and metadata, never its data. */
export interface LiveObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
    readonly managedFields?: readonly ManagedFieldsEntry[];
  };
}

export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly subresource?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: unknown;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ManagerFields {
  readonly manager: string;
  /** `Apply` (server-side apply) or `Update` (everything else). */
  readonly operation: string;
  readonly subresource?: string;
  /** Undefined for managers outside the boundary (controllers, kubectl users). */
  readonly side?: Side;
  /** Leaf field paths, sorted. */
  readonly fields: readonly string[];
}

export interface ObjectOwnership {
  readonly object: ObjectRef;
  /** The sides with at least one manager on the object. */
  readonly sides: readonly Side[];
  readonly managers: readonly ManagerFields[];
  readonly trackedBy?: TrackingMarker;
  readonly handedOff: boolean;
  /** Fields owned by both sides (allowed only on handed-off objects), sorted. */
  readonly sharedFields: readonly string[];
}

export type Violation =
  | { readonly rule: "co-owned"; readonly object: ObjectRef; readonly fields: readonly string[]; readonly pulumiManagers: readonly string[]; readonly argocdManagers: readonly string[] }
  | { readonly rule: "argocd-object-untracked"; readonly object: ObjectRef; readonly marker: string }
  | { readonly rule: "pulumi-object-tracked"; readonly object: ObjectRef; readonly trackedBy: TrackingMarker; readonly pulumiManagers: readonly string[] }
  | { readonly rule: "handed-off-untracked"; readonly object: ObjectRef; readonly marker: string }
  | { readonly rule: "hand-off-target-unknown"; readonly object: ObjectRef; readonly value: string };

export interface BoundaryReport {
  readonly tracking: TrackingMethod;
  /** Every object read. */
  readonly checkedObjects: number;
  /** The objects with a Pulumi or Argo CD manager, a tracking marker or a hand-off annotation, in input order. */
  readonly objects: readonly ObjectOwnership[];
  readonly handedOff: readonly ObjectOwnership[];
  readonly violations: readonly Violation[];
  readonly clean: boolean;
}

export interface AnalyzeOptions {
  /** Default: "annotation", Argo CD v3's default. */
  readonly tracking?: TrackingMethod;
  /** Extra manager names; default: none. */
  readonly managers?: ManagerNames;
}

export function analyzeBoundary(objects: readonly LiveObject[], options: AnalyzeOptions = {}): BoundaryReport {
  const tracking = options.tracking ?? "annotation";
  const sideOf = managerClassifier(options.managers);
  const relevant: ObjectOwnership[] = [];
  const violations: Violation[] = [];
  for (const live of objects) {
    // Most of a cluster (pods, ReplicaSets, controller-made objects) is outside the boundary: skip decoding
    // it. A hand-off annotation alone does not bring an object in: controllers copy their parent's
    // annotations (a StatefulSet's ControllerRevisions), and only Pulumi hands anything off.
    const inBoundary = trackingOf(live.metadata, tracking) !== undefined || (live.metadata.managedFields ?? []).some((entry) => sideOf(entry.manager ?? "") !== undefined);
    if (!inBoundary) continue;
    const ownership = objectOwnership(live, tracking, sideOf);
    relevant.push(ownership);
    const handOff = ownership.sides.includes("pulumi") ? live.metadata.annotations?.[HANDED_OFF_TO_ANNOTATION] : undefined;
    violations.push(...objectViolations(ownership, handOff, tracking));
  }
  return {
    tracking,
    checkedObjects: objects.length,
    objects: relevant,
    handedOff: relevant.filter((o) => o.handedOff),
    violations,
    clean: violations.length === 0,
  };
}

const HAND_OFF_TARGET = HANDED_OFF_TO_ARGOCD[HANDED_OFF_TO_ANNOTATION];
const markerFor = (tracking: TrackingMethod): string => (tracking === "label" ? "tracking annotation or label" : "tracking annotation");

function objectViolations(ownership: ObjectOwnership, handOff: string | undefined, tracking: TrackingMethod): Violation[] {
  const { object, managers, trackedBy } = ownership;
  const namesOf = (side: Side): string[] => [...new Set(managers.filter((m) => m.side === side).map((m) => m.manager))].sort();
  // Argo CD never marks a CRD it syncs (deleting one would delete every resource of its kind, so
  // its repo server leaves CRDs untracked): for a CRD, having applied it is taking it over.
  const crd = object.kind === "CustomResourceDefinition" && object.apiVersion.startsWith("apiextensions.k8s.io/");
  const syncedByArgocd = managers.some((m) => m.manager === ARGOCD_SYNC_MANAGER);
  if (ownership.handedOff) return trackedBy || (crd && syncedByArgocd) ? [] : [{ rule: "handed-off-untracked", object, marker: markerFor(tracking) }];
  // A hand-off to anyone else is no hand-off: the object must also pass every other rule.
  const found: Violation[] = handOff !== undefined ? [{ rule: "hand-off-target-unknown", object, value: handOff }] : [];
  if (ownership.sharedFields.length > 0)
    found.push({ rule: "co-owned", object, fields: ownership.sharedFields, pulumiManagers: namesOf("pulumi"), argocdManagers: namesOf("argocd") });
  if (!trackedBy && syncedByArgocd && !crd) found.push({ rule: "argocd-object-untracked", object, marker: markerFor(tracking) });
  if (trackedBy && ownership.sides.includes("pulumi")) found.push({ rule: "pulumi-object-tracked", object, trackedBy, pulumiManagers: namesOf("pulumi") });
  return found;
}

function objectOwnership(live: LiveObject, tracking: TrackingMethod, sideOf: (manager: string) => Side | undefined): ObjectOwnership {
  const { metadata } = live;
  const object: ObjectRef = {
    apiVersion: live.apiVersion,
    kind: live.kind,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    name: metadata.name,
  };
  const managers: ManagerFields[] = [];
  const leavesBySide: Record<Side, LeafPath[]> = { pulumi: [], argocd: [] };
  for (const [index, entry] of (metadata.managedFields ?? []).entries()) {
    const manager = entry.manager ?? "";
    const where = `${describeObject(object)}: metadata.managedFields[${index}] (manager "${manager}")`;
    if (entry.fieldsType !== undefined && entry.fieldsType !== "FieldsV1") throw new Error(`${where}: fieldsType is "${entry.fieldsType}", expected "FieldsV1"`);
    let leaves: LeafPath[];
    try {
      leaves = leafPaths(entry.fieldsV1 ?? {});
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const side = sideOf(manager);
    managers.push({
      manager,
      operation: entry.operation ?? "",
      ...(entry.subresource ? { subresource: entry.subresource } : {}),
      ...(side ? { side } : {}),
      fields: leaves.map((leaf) => leaf.text).sort(),
    });
    if (side) leavesBySide[side].push(...leaves);
  }
  const sides = (["pulumi", "argocd"] as const).filter((side) => managers.some((m) => m.side === side));
  const trackedBy = trackingOf(metadata, tracking);
  return {
    object,
    sides,
    managers,
    ...(trackedBy ? { trackedBy } : {}),
    handedOff: sides.includes("pulumi") && metadata.annotations?.[HANDED_OFF_TO_ANNOTATION] === HAND_OFF_TARGET,
    sharedFields: sides.length === 2 ? sharedFields(leavesBySide.pulumi, leavesBySide.argocd) : [],
  };
}

/**
 * Fields both sides own, sorted. A field one side owns whole (an atomic struct)
 * is shared with any field beneath it the other owns, and is reported at its own,
 * shorter, path.
 */
function sharedFields(pulumi: readonly LeafPath[], argocd: readonly LeafPath[]): string[] {
  const shared = new Set<string>();
  const covered = (leaves: readonly LeafPath[]): Set<string> => new Set(leaves.flatMap((leaf) => [leaf.text, ...ancestorsOf(leaf)]));
  const underArgocd = covered(argocd);
  const underPulumi = covered(pulumi);
  for (const leaf of pulumi) if (underArgocd.has(leaf.text)) shared.add(leaf.text);
  for (const leaf of argocd) if (underPulumi.has(leaf.text)) shared.add(leaf.text);
  return [...shared].sort();
}

/** `apps/v1/Deployment demo/api` or `v1/Namespace team-a`. */
export function describeObject(object: ObjectRef): string {
  return `${object.apiVersion}/${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name}`;
}
