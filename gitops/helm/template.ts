/**
 * Rendering an in-repository chart with `helm template`, with the values an
 * Application gives it, in the order Argo CD applies them: value files, then
 * `values`/`valuesObject`, then parameters.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { asArray, asRecord, asString, MAX_ALIAS_COUNT } from "../yaml/source-file";

export interface HelmRenderRequest {
  /** Chart directory, relative to the repository root. */
  readonly chartDir: string;
  readonly release: string;
  readonly namespace: string;
  /** `spec.source.helm` of the Application. */
  readonly helm: Record<string, unknown>;
  /** Value files already resolved to repository-relative paths (`$ref/…` expanded by the caller). */
  readonly valueFiles: readonly string[];
}

export type RenderResult =
  | { readonly ok: true; readonly objects: readonly unknown[]; /** Per object, its template relative to the chart (from helm's `# Source:` comments). */ readonly origins: readonly (string | undefined)[] }
  | { readonly ok: false; readonly error: string };

/** The `helm template` arguments for a request; `valuesFile` holds `values`/`valuesObject` when set. Pure. */
export function helmArguments(root: string, request: HelmRenderRequest, valuesFile?: string): string[] {
  const args = ["template", request.release, join(root, request.chartDir), "--namespace", request.namespace];
  if (request.helm.skipCrds !== true) args.push("--include-crds");
  for (const file of request.valueFiles) args.push("--values", join(root, file));
  if (valuesFile) args.push("--values", valuesFile);
  for (const parameter of asArray(request.helm.parameters)) {
    const p = asRecord(parameter) ?? {};
    const name = asString(p.name);
    if (name !== undefined) args.push(p.forceString === true ? "--set-string" : "--set", `${name}=${String(p.value ?? "")}`);
  }
  for (const parameter of asArray(request.helm.fileParameters)) {
    const p = asRecord(parameter) ?? {};
    if (typeof p.name === "string" && typeof p.path === "string") args.push("--set-file", `${p.name}=${join(root, request.chartDir, p.path)}`);
  }
  return args;
}

/** Inline values of the Application (`valuesObject` wins over `values`, as in Argo CD), as YAML text. */
export function inlineValues(helm: Record<string, unknown>): string | undefined {
  if (asRecord(helm.valuesObject)) return stringify(helm.valuesObject);
  return asString(helm.values);
}

function run(helm: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  return new Promise((resolve) => {
    execFile(helm, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr: stderr || (error ? error.message : ""), failed: error !== null }),
    );
  });
}

export async function renderChart(helm: string, root: string, request: HelmRenderRequest, timeoutMs = 60_000): Promise<RenderResult> {
  const values = inlineValues(request.helm);
  const scratch = values === undefined ? undefined : await mkdtemp(join(tmpdir(), "gitops-helm-"));
  try {
    const valuesFile = scratch && join(scratch, "values.yaml");
    if (valuesFile) await writeFile(valuesFile, values ?? "");
    const { stdout, stderr, failed } = await run(helm, helmArguments(root, request, valuesFile), timeoutMs);
    if (failed) return { ok: false, error: stderr.split(`${root}/`).join("").trim().replace(/^Error: /, "") || "helm template failed" };
    const documents = parseAllDocuments(stdout);
    const list = Array.isArray(documents) ? documents : [];
    const broken = list.find((d) => d.errors.length > 0);
    if (broken) return { ok: false, error: `helm rendered unparseable YAML: ${broken.errors[0]?.message ?? "?"}` };
    const objects: unknown[] = [];
    const origins: (string | undefined)[] = [];
    for (const document of list) {
      // helm heads each document with `# Source: <chart>/templates/<file>`.
      const origin = /Source: [^/\n]+\/(\S+)/.exec(`${document.commentBefore ?? ""}\n${document.contents?.commentBefore ?? ""}`)?.[1];
      let object: unknown;
      try {
        object = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        return { ok: false, error: `${origin ?? "a template"} renders more than ${MAX_ALIAS_COUNT} YAML aliases (${(error as Error).message})` };
      }
      if (object !== null && object !== undefined) (objects.push(object), origins.push(origin));
    }
    return { ok: true, objects, origins };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
