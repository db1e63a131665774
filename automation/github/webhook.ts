/**
 * A generic webhook sink: POSTs Slack-compatible JSON (`{ text, blocks? }`),
 * which Slack, Mattermost, Google Chat and most chat bridges accept. Retries
 * like the GitHub client, except a POST whose outcome is unknown (timed out,
 * reset), which is never sent twice.
 */
import type { Redactor } from "../redact";
import type { DriftReport } from "../types";
import { type HttpFailure, type HttpRetryPolicy, withHttpRetry } from "./http-retry";

export interface WebhookMessage {
  readonly text: string;
  readonly blocks?: readonly unknown[];
}

export interface PostWebhookOptions {
  readonly url: string;
  readonly message: WebhookMessage;
  /** Masks the payload before it leaves. Required: a webhook is an output path like any other. */
  readonly redactor: Redactor;
  /** Default: global fetch. */
  readonly fetch?: typeof fetch;
  /** Default: 4 attempts, 1 s doubling. */
  readonly retry?: HttpRetryPolicy;
  /** Milliseconds per attempt. Default 10,000. */
  readonly timeoutMs?: number;
}

/** Connection errors that mean the request was never sent. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export class WebhookError extends Error {
  constructor(message: string, readonly status: number | undefined) {
    super(message);
    this.name = "WebhookError";
  }
}

export async function postWebhook(options: PostWebhookOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const body = options.redactor.redact(JSON.stringify(options.redactor.maskValue(options.message)));
  // The URL itself is a credential for most webhooks: never put it in an error message.
  const where = new URL(options.url).host;
  try {
    await withHttpRetry(
      async () => {
        let response: Response;
        try {
          response = await doFetch(options.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          });
        } catch (error) {
          // Only a request that never left (refused, unresolvable) is safe to send again;
          // after a timeout or a reset the message may have been delivered.
          const neverSent = NEVER_SENT.has(String(((error as Error).cause as { code?: unknown } | undefined)?.code));
          const note = neverSent ? "" : "; not re-sent: it may have been delivered";
          throw Object.assign(new WebhookError(`webhook ${where}: no response (${(error as Error).message})${note}`, undefined), neverSent ? { failure: {} } : {});
        }
        if (!response.ok) {
          const headers = Object.fromEntries(response.headers.entries());
          throw Object.assign(new WebhookError(`webhook ${where}: HTTP ${response.status}`, response.status), {
            failure: { status: response.status, headers },
          });
        }
      },
      (error) => (error as { failure?: HttpFailure }).failure,
      options.retry ?? {},
    );
  } catch (error) {
    const attempts = (error as { attempts?: number }).attempts ?? 1;
    if (error instanceof WebhookError && attempts > 1) error.message += ` (after ${attempts} attempts)`;
    throw error;
  }
}

/** A short drift message for chat: one line per stack that is not clean. */
export function driftWebhookMessage(report: DriftReport, options: { runUrl?: string } = {}): WebhookMessage {
  const lines = report.stacks.map((s) => {
    if (s.status === "failed") return `• ${s.stack}: check failed (${s.error?.kind ?? "error"})`;
    if (s.status === "clean") return `• ${s.stack}: clean`;
    return `• ${s.stack}: ${s.resources.length} resource(s) drifted${s.remediation ? `, remediation ${s.remediation.status}` : ""}`;
  });
  const headline = report.drifted ? "Drift detected in the platform's stacks" : report.ok ? "No drift in the platform's stacks" : "Drift check failed";
  const text = [headline, ...lines, ...(options.runUrl ? [options.runUrl] : [])].join("\n");
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
