/**
 * Maps an object in `kustomize build` output back to the file and line it came
 * from. kustomize drops positions, so the locator follows the kustomization
 * graph (overlay first, then what it includes) and looks for the first
 * document of the same kind and name that holds the field in question: a patch
 * that sets a field wins over the base that declared it.
 */
import { posix } from "node:path";
import { kustomizationOf } from "../repo/overlays";
import { asArray, asRecord, asString, identityOf, lineOfKey, lineOfPath, type PathSegment, type SourceDocument, type SourceFile } from "../yaml/source-file";

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

interface Candidate {
  readonly file: SourceFile;
  readonly document: SourceDocument;
  readonly kind: string;
  readonly name: string;
}

function isRemote(entry: string): boolean {
  return entry.includes("://") || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry);
}

/** File and directory references of a kustomization, in the order kustomize reads them. */
function referencesOf(kustomization: unknown): string[] {
  const k = asRecord(kustomization) ?? {};
  const strings = (key: string): string[] => asArray(k[key]).map(asString).filter((s): s is string => s !== undefined);
  const pathsOf = (key: string): string[] =>
    asArray(k[key]).map((p) => asString(asRecord(p)?.path)).filter((s): s is string => s !== undefined);
  return [...pathsOf("patches"), ...strings("patchesStrategicMerge"), ...pathsOf("patchesJson6902"), ...strings("resources"), ...strings("bases"), ...strings("components")];
}

export class SourceLocator {
  /** Kustomization files reachable from the root directory, root first. */
  readonly kustomizations: SourceFile[] = [];
  private readonly candidates: Candidate[] = [];

  /**
   * Follows the kustomization graph from `dir`; with `direct`, looks only in the
   * given files (a directory source's manifests) and falls back
   * to `direct.origins` (kind/name → file, from helm's `# Source:` comments), then
   * to `direct.rootFile`.
   */
  constructor(
    private readonly sources: ReadonlyMap<string, SourceFile>,
    readonly dir: string,
    private readonly direct?: { readonly files: readonly string[]; readonly rootFile: string; readonly origins?: ReadonlyMap<string, string> },
  ) {
    if (!direct) this.visit(dir, new Set());
    for (const path of direct?.files ?? []) {
      const file = sources.get(path);
      if (file) this.addFile(file);
    }
  }

  private visit(dir: string, seen: Set<string>): void {
    const kustomization = kustomizationOf(this.sources, dir);
    if (!kustomization || seen.has(dir)) return;
    seen.add(dir);
    this.kustomizations.push(kustomization);
    const nested: string[] = [];
    for (const entry of referencesOf(kustomization.documents[0]?.value)) {
      if (isRemote(entry)) continue;
      const target = posix.normalize(posix.join(dir, entry));
      const file = this.sources.get(target);
      if (file) this.addFile(file);
      else nested.push(target);
    }
    for (const target of nested) this.visit(target, seen);
  }

  private addFile(file: SourceFile): void {
    for (const document of file.documents) {
      const identity = identityOf(document.value);
      if (identity) this.candidates.push({ file, document, kind: identity.kind, name: identity.name });
    }
  }

  /** Documents that could have produced an object named `name` (prefixes, suffixes and hashes allowed). */
  private matching(kind: string, name: string): Candidate[] {
    const sameKind = this.candidates.filter((c) => c.kind === kind);
    return [...sameKind.filter((c) => c.name === name), ...sameKind.filter((c) => c.name !== name && name.includes(c.name))];
  }

  /** Whether any source document declares (or patches) this object. */
  declares(kind: string, name: string): boolean {
    return this.matching(kind, name).length > 0;
  }

  /** Where a field of a built object is set, falling back to the object's name, then the root kustomization. */
  locate(kind: string, name: string, path: readonly PathSegment[] = []): SourceLocation {
    const candidates = this.matching(kind, name);
    for (const c of candidates) {
      const line = path.length > 0 ? lineOfPath(c.file, c.document.doc, path) : undefined;
      if (line !== undefined) return { file: c.file.path, line };
    }
    const first = candidates[0];
    if (first) return { file: first.file.path, line: lineOfPath(first.file, first.document.doc, ["metadata", "name"]) ?? 1 };
    const origin = this.direct?.origins?.get(`${kind}/${name}`);
    return origin ? { file: origin, line: 1 } : this.root();
  }

  /** The first kustomization in the chain with a top-level `key` (say `images` or `secretGenerator`). */
  locateKustomizationKey(key: string): SourceLocation | undefined {
    for (const file of this.kustomizations) {
      const document = file.documents[0];
      const line = document && lineOfKey(file, document.doc, [], key);
      if (line !== undefined) return { file: file.path, line };
    }
    return undefined;
  }

  /** The root kustomization, line 1. */
  root(): SourceLocation {
    return { file: this.direct?.rootFile ?? this.kustomizations[0]?.path ?? `${this.dir}/kustomization.yaml`, line: 1 };
  }
}
