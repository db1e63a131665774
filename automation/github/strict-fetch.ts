/**
 * The fetch the GitHub client uses: it reads every body whole before Octokit
 * sees it, so a response cut off or reset mid-body, an HTML page from a proxy,
 * malformed JSON or a success without a body becomes an error, never an empty
 * list or a silently "created" comment. Error responses pass through as they came.
 */

/** A response that did not arrive complete and well-formed. */
export class IncompleteResponseError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "IncompleteResponseError";
  }
}

export function strictFetch(inner: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    let bytes: ArrayBuffer;
    try {
      bytes = await response.arrayBuffer();
    } catch (error) {
      throw new IncompleteResponseError(`the HTTP ${response.status} response was cut off mid-body (${describe(error)})`, { cause: error });
    }
    // A compressed body's content-length counts the compressed bytes; fetch has decompressed them.
    const declared = response.headers.get("content-encoding") ? null : response.headers.get("content-length");
    if (declared !== null && Number(declared) !== bytes.byteLength) {
      throw new IncompleteResponseError(`the HTTP ${response.status} response was cut off: ${bytes.byteLength} of ${declared} bytes`);
    }
    const empty = response.status === 204 || response.status === 205 || response.status === 304;
    if (response.ok && !empty) checkJson(response, new TextDecoder().decode(bytes));
    const copy = new Response(empty ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(copy, "url", { value: response.url });
    return copy;
  };
}

function checkJson(response: Response, text: string): void {
  const type = response.headers.get("content-type") ?? "";
  if (text.trim() === "") throw new IncompleteResponseError(`HTTP ${response.status} came with an empty body`);
  if (!/[/+]json\b/i.test(type)) {
    throw new IncompleteResponseError(`HTTP ${response.status} came with ${type ? `a ${type.split(";")[0]}` : "an untyped"} body instead of JSON${pageTitle(text)}`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new IncompleteResponseError(`HTTP ${response.status} came with malformed JSON (${describe(error)})`);
  }
}

/** The title of an HTML page (a proxy's or GitHub's error page), which says more than its markup. */
export function pageTitle(text: string): string {
  const title = text.match(/<title[^>]*>([^<]{1,200})<\/title>/i)?.[1]?.trim();
  return title ? `: "${title}"` : "";
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
