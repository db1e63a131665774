/**
 * The shapes of the GitHub responses the client acts on, checked before they
 * are trusted: a response missing what we rely on is an error, not an empty
 * or half-read answer.
 */
import { z } from "zod";

const user = z.object({ login: z.string() }).nullable();

export const commentShape = z.object({
  id: z.number().int(),
  body: z.string().nullish(),
  html_url: z.string(),
  user,
});

export const issueShape = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string(),
  user,
  pull_request: z.object({}).passthrough().optional(),
});

export type CommentData = z.infer<typeof commentShape>;
export type IssueData = z.infer<typeof issueShape>;

/** Malformed data from GitHub, named by the request it answered. */
export class UnexpectedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnexpectedResponseError";
  }
}

/** `data` checked against `shape`; throws naming the request and the first problem. */
export function checked<T>(shape: z.ZodType<T>, data: unknown, what: string): T {
  const result = shape.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new UnexpectedResponseError(`GitHub answered ${what} with an unexpected response${where}: ${issue.message}`);
}

export function checkedList<T>(shape: z.ZodType<T>, data: unknown, what: string): T[] {
  return checked(z.array(shape), data, what);
}
