/**
 * Rendering an ApplicationSet template with one generator's parameters, as the
 * ApplicationSet controller does: fasttemplate `{{ key }}` with flat dotted keys,
 * or, with `goTemplate: true`, Go templates over nested parameters. Go
 * templates are evaluated only for plain field lookups (`{{ .path.basename }}`);
 * anything with functions or pipelines is reported as not checkable.
 */
export type Params = Readonly<Record<string, unknown>>;

export interface RenderResult {
  readonly value: unknown;
  /** Template expressions that could not be resolved (missing parameter or unsupported syntax). */
  readonly unresolved: readonly string[];
}

/** Nested parameters flattened to dotted keys, as the non-Go mode sees them. */
export function flattenParams(params: Params, prefix = ""): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) Object.assign(flat, flattenParams(value as Params, name));
    else if (Array.isArray(value)) value.forEach((item, i) => (flat[`${name}[${i}]`] = String(item)));
    else flat[name] = String(value);
  }
  return flat;
}

function lookup(params: Params, dotted: string): unknown {
  let current: unknown = params;
  for (const key of dotted.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function renderString(text: string, params: Params, goTemplate: boolean, unresolved: string[]): string {
  const flat = goTemplate ? {} : flattenParams(params);
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, expression: string) => {
    if (goTemplate) {
      const field = /^\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)$/.exec(expression)?.[1];
      const value = field === undefined ? undefined : lookup(params, field);
      if (value !== undefined && (typeof value !== "object" || value === null)) return String(value);
    } else if (flat[expression] !== undefined) return flat[expression] as string;
    unresolved.push(whole);
    return whole;
  });
}

function renderValue(value: unknown, params: Params, goTemplate: boolean, unresolved: string[]): unknown {
  if (typeof value === "string") return renderString(value, params, goTemplate, unresolved);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, params, goTemplate, unresolved));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [renderString(k, params, goTemplate, unresolved), renderValue(v, params, goTemplate, unresolved)]));
  return value;
}

export function renderTemplate(template: unknown, params: Params, goTemplate: boolean): RenderResult {
  const unresolved: string[] = [];
  return { value: renderValue(template, params, goTemplate, unresolved), unresolved: [...new Set(unresolved)] };
}
