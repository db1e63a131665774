/**
 * Kubernetes resource quantities (`500m`, `2`, `4Gi`), reduced to numbers so a
 * request can be compared with its limit.
 */

const MULTIPLIERS: Readonly<Record<string, number>> = { "": 1, m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** The quantities config accepts: a plain or decimal number with an optional suffix. */
export const QUANTITY = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/;

/** The quantity's value in base units (cores or bytes); NaN when it does not match QUANTITY. */
export function quantityValue(quantity: string): number {
  const match = QUANTITY.exec(quantity);
  if (!match) return Number.NaN;
  return Number(match[1]) * MULTIPLIERS[match[2] ?? ""]!;
}
