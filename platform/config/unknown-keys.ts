/**
 * Unknown keys, with the known key they were probably meant to be. A misspelled
 * key is refused rather than ignored: `gitops-platform:bucket` silently leaving
 * a production stack without buckets is the failure this prevents.
 */
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { type ConfigProblem, problemAt } from "./problems";

/** The known key closest to `key`, when it is close enough to be a likely typo. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const candidate = closest(key, [...known]);
  const lower = key.toLowerCase();
  const close = distance(lower, candidate.toLowerCase()) <= Math.max(2, Math.floor(candidate.length / 3));
  return close || candidate.toLowerCase().startsWith(lower) || lower.startsWith(candidate.toLowerCase()) ? candidate : undefined;
}

/** One problem per unknown key at `path`, each listing what is known there. */
export function unknownKeyProblems(raw: unknown, path: readonly PropertyKey[], unknown: readonly string[], known: readonly string[]): ConfigProblem[] {
  return unknown.map((key) => {
    const suggestion = didYouMean(key, known);
    const expected = suggestion ? `a known key (did you mean "${suggestion}"?)` : `one of the known keys: ${known.join(", ")}`;
    return problemAt(raw, [...path, key], expected);
  });
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

/** The keys the object schemas at `path` inside `schema` know (several for a union of objects). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const visit = (node: z.ZodType | undefined, rest: readonly PropertyKey[]): void => {
    if (!node) return;
    const def = (node as unknown as { _zod: { def: SchemaDef } })._zod.def;
    if (def.type === "object" && def.shape) {
      if (rest.length === 0) Object.keys(def.shape).forEach((k) => keys.add(k));
      else visit(def.shape[String(rest[0])], rest.slice(1));
      return;
    }
    if (def.type === "array") return void (rest.length > 0 && visit(def.element, rest.slice(1)));
    if (def.type === "record") return;
    for (const inner of [def.innerType, def.in, def.out, ...(def.options ?? [])]) visit(inner, rest);
  };
  visit(schema, path);
  return [...keys];
}
