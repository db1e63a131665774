/** Bounded parallelism and abortable sleeping, shared by the operations. */
import { AbortedError } from "./errors";

/**
 * Runs `task` for every item with at most `limit` in flight; results keep the
 * items' order. Once `signal` aborts, no new item starts (started ones finish
 * through their own handling of the signal). `task` should not throw: a rejection
 * stops nothing else but is rethrown after all started tasks settle.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`parallel limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
  if (signal?.aborted) throw new AbortedError("operation aborted");
  return results;
}

/** Resolves after `ms`, or rejects with AbortedError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError("operation aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError("operation aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

