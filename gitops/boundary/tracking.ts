/**
 * How Argo CD marks the objects it tracks. v3's default is the annotation
 * `argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<namespace>/<name>`; the
 * legacy label `app.kubernetes.io/instance: <app>` counts only when asked for,
 * because Helm charts put that label on objects nobody synced.
 */

export type TrackingMethod = "annotation" | "label";
export const TRACKING_METHODS: readonly TrackingMethod[] = ["annotation", "label"];

export const TRACKING_ANNOTATION = "argocd.argoproj.io/tracking-id";
export const TRACKING_LABEL = "app.kubernetes.io/instance";

export interface TrackingMarker {
  /** The Application that tracks the object (`<namespace>_<name>` for apps outside Argo CD's namespace). */
  readonly application: string;
  /** Where the marker was found: the annotation or the label key. */
  readonly marker: string;
}

export function parseTrackingMethod(value: string): TrackingMethod {
  const method = TRACKING_METHODS.find((m) => m === value);
  if (!method) throw new Error(`--tracking must be one of ${TRACKING_METHODS.join(", ")}, got "${value}"`);
  return method;
}

/** The Argo CD marker on an object, or undefined when Argo CD does not track it by `method`. */
export function trackingOf(
  metadata: { readonly annotations?: Readonly<Record<string, string>>; readonly labels?: Readonly<Record<string, string>> },
  method: TrackingMethod,
): TrackingMarker | undefined {
  const application = applicationOfTrackingId(metadata.annotations?.[TRACKING_ANNOTATION]);
  if (application !== undefined) return { application, marker: TRACKING_ANNOTATION };
  const instance = method === "label" ? metadata.labels?.[TRACKING_LABEL] : undefined;
  return instance ? { application: instance, marker: TRACKING_LABEL } : undefined;
}

/**
 * The Application named by a tracking id, or undefined when the id is absent or
 * malformed: Argo CD (util/argo/resource_tracking.go ParseAppInstanceValue) ignores
 * an id that is not `<app>:<group>/<kind>:<namespace>/<name>`.
 */
function applicationOfTrackingId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const first = id.indexOf(":");
  const second = id.indexOf(":", first + 1);
  if (first < 0 || second < 0) return undefined;
  const groupKind = id.slice(first + 1, second).split("/");
  const namespaceName = id.slice(second + 1).split("/");
  return groupKind.length === 2 && namespaceName.length === 2 ? id.slice(0, first) : undefined;
}
