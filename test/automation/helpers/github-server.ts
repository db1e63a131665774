/**
 * A local GitHub REST stand-in on 127.0.0.1 (port 0) with the issue and
 * comment endpoints the client uses, plus scripted failures: status codes,
 * rate-limit headers and slow responses.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string | null;
  labels: string[];
  pull_request?: object;
  /** Pull requests only: the branches. */
  head?: string;
  base?: string;
}

export interface FailureRule {
  readonly method?: string;
  readonly path?: RegExp;
  /** Respond with this status; without it the request is only delayed, then served. */
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly delayMs?: number;
  /** How many matching requests the rule applies to. Default 1. */
  times?: number;
}

export interface FakeGitHub {
  readonly url: string;
  readonly comments: Map<number, StoredComment>;
  readonly issues: Map<number, StoredIssue>;
  readonly branches: Map<string, string>;
  readonly webhooks: unknown[];
  readonly requests: string[];
  fail(rule: FailureRule): void;
  /** Forgets stored data, recorded requests and pending failure rules. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: { pageSize?: number } = {}): Promise<FakeGitHub> {
  const comments = new Map<number, StoredComment>();
  const issues = new Map<number, StoredIssue>();
  const branches = new Map<string, string>();
  const webhooks: unknown[] = [];
  const requests: string[] = [];
  const rules: FailureRule[] = [];
  let nextId = 1000;
  let nextIssue = 1;
  const pageSize = options.pageSize ?? 30;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    requests.push(`${method} ${url.pathname}`);
    const body = await readBody(req);
    const rule = rules.find((r) => (r.times ?? 1) > 0 && (!r.method || r.method === method) && (!r.path || r.path.test(url.pathname)));
    if (rule) {
      rule.times = (rule.times ?? 1) - 1;
      if (rule.delayMs) {
        const aborted = await delay(rule.delayMs, req);
        if (aborted) return; // the client gave up; never apply the request
      }
      if (rule.status) return send(res, rule.status, rule.body ?? { message: `injected ${rule.status}` }, rule.headers);
    }
    const base = `http://${req.headers.host}`;
    const commentJson = (c: StoredComment) => ({ id: c.id, body: c.body, html_url: `${base}/acme/infra/pull/${c.issue}#issuecomment-${c.id}` });
    const issueJson = (i: StoredIssue) => ({ ...i, labels: i.labels.map((name) => ({ name })), html_url: `${base}/acme/infra/issues/${i.number}` });
    let m: RegExpMatchArray | null;
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const issue = Number(m[1]);
      if (method === "GET") {
        const all = [...comments.values()].filter((c) => c.issue === issue).sort((a, b) => a.id - b.id);
        const perPage = Math.min(Number(url.searchParams.get("per_page") ?? pageSize), pageSize);
        const page = Number(url.searchParams.get("page") ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url.toString().replace("http://localhost", base));
          next.searchParams.set("page", String(page + 1));
          headers.link = `<${next}>; rel="next"`;
        }
        return send(res, 200, slice.map(commentJson), headers);
      }
      if (method === "POST") {
        const comment = { id: nextId++, issue, body: String(body.body) };
        comments.set(comment.id, comment);
        return send(res, 201, commentJson(comment));
      }
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const comment = comments.get(Number(m[1]));
      if (!comment) return send(res, 404, { message: "Not Found" });
      if (method === "PATCH") {
        comment.body = String(body.body);
        return send(res, 200, commentJson(comment));
      }
      if (method === "DELETE") {
        comments.delete(comment.id);
        return send(res, 204, undefined);
      }
    }
    if (url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues$/)) {
      if (method === "GET") {
        const state = url.searchParams.get("state") ?? "open";
        const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
        const list = [...issues.values()].filter((i) => (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l)));
        return send(res, 200, list.map(issueJson));
      }
      if (method === "POST") {
        const issue: StoredIssue = { number: nextIssue++, title: String(body.title), body: String(body.body ?? ""), state: "open", labels: (body.labels as string[]) ?? [] };
        issues.set(issue.number, issue);
        return send(res, 201, issueJson(issue));
      }
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/)) && method === "PATCH") {
      const issue = issues.get(Number(m[1]));
      if (!issue) return send(res, 404, { message: "Not Found" });
      Object.assign(issue, body);
      return send(res, 200, issueJson(issue));
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/branches\/([^/]+)$/)) && method === "GET") {
      const sha = branches.get(decodeURIComponent(m[1]!));
      return sha ? send(res, 200, { name: m[1], commit: { sha } }) : send(res, 404, { message: "Branch not found" });
    }
    if (url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls$/) && method === "POST") {
      if (!body.head || !body.base || !body.title) return send(res, 422, { message: "Validation Failed: head, base and title are required" });
      const pull: StoredIssue = { number: nextIssue++, title: String(body.title), body: String(body.body ?? ""), state: "open", labels: [], pull_request: {}, head: String(body.head), base: String(body.base) };
      issues.set(pull.number, pull);
      return send(res, 201, { number: pull.number, title: pull.title, state: "open", head: { ref: pull.head }, base: { ref: pull.base }, html_url: `${base}/acme/infra/pull/${pull.number}` });
    }
    if (url.pathname.startsWith("/hooks/") && method === "POST") {
      webhooks.push(body);
      return send(res, 200, "ok");
    }
    return send(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    issues,
    branches,
    webhooks,
    requests,
    fail: (rule) => void rules.push({ ...rule }),
    reset: () => {
      comments.clear();
      issues.clear();
      branches.clear();
      webhooks.length = 0;
      requests.length = 0;
      rules.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  req.setEncoding("utf8");
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** Waits `ms`; resolves true early if the client closes the connection first. */
function delay(ms: number, req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    req.socket.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
