/** Containers of workload objects, with the path to each for locating it in source. */
import { asArray, asRecord, asString, type PathSegment } from "../yaml/source-file";

export interface ContainerRef {
  readonly kind: string;
  readonly objectName: string;
  readonly name: string;
  readonly container: Record<string, unknown>;
  /** Path from the object root to the container, selecting it by name (patches list containers by name). */
  readonly path: readonly PathSegment[];
  readonly init: boolean;
  /** Long-running pods need probes; run-to-completion pods (Jobs) do not. */
  readonly longRunning: boolean;
}

const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Rollout: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
};

const RUN_TO_COMPLETION = new Set(["Job", "CronJob"]);

export function containersOf(object: unknown): ContainerRef[] {
  const record = asRecord(object);
  const kind = asString(record?.kind) ?? "";
  const podPath = POD_SPEC_PATHS[kind];
  if (!podPath) return [];
  let podSpec: unknown = record;
  for (const key of podPath) podSpec = asRecord(podSpec)?.[key];
  const objectName = asString(asRecord(record?.metadata)?.name) ?? "";
  return (["initContainers", "containers"] as const).flatMap((field) =>
    asArray(asRecord(podSpec)?.[field]).flatMap((item) => {
      const container = asRecord(item);
      const name = asString(container?.name);
      if (!container || name === undefined) return [];
      return [{ kind, objectName, name, container, path: [...podPath, field, { name }], init: field === "initContainers", longRunning: !RUN_TO_COMPLETION.has(kind) }];
    }),
  );
}
