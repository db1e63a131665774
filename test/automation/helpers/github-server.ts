/**
 * A local GitHub REST stand-in on 127.0.0.1 (port 0) with the endpoints the
 * client uses, answering with real-shaped payloads (`user` objects, Link
 * pagination headers with next/last/first/prev), plus scripted faults: status
 * codes, rate-limit headers, slow answers, bodies cut off mid-stream, connection
 * resets, HTML or malformed bodies, and successes with an empty body.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  /** Login of the writer. Default: the token's login. */
  author?: string;
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string | null;
  labels: string[];
  pull_request?: object;
  /** Login of the writer. Default: the token's login. */
  author?: string;
  /** Pull requests only: the branches. */
  head?: string;
  base?: string;
}

export interface FailureRule {
  readonly method?: string;
  readonly path?: RegExp;
  /** Respond with this status; without it the request is only delayed (or faulted as below), then served. */
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Send this text as the body (with `contentType`) instead of JSON. */
  readonly rawBody?: string;
  readonly contentType?: string;
  readonly delayMs?: number;
  /** Serve the request (its effect applies), but send only half the body, then drop the connection. */
  readonly cut?: boolean;
  /** Drop the connection without answering (nothing is applied). */
  readonly reset?: boolean;
  /** Serve the request (its effect applies), but answer with an empty body. */
  readonly emptyBody?: boolean;
  /** Serve the request with a gzip-compressed body, as api.github.com does. */
  readonly gzip?: boolean;
  /** How many matching requests the rule applies to. Default 1. */
  times?: number;
}

export interface FakeGitHubOptions {
  /** Comments and issues per page at most. Default 30. */
  readonly pageSize?: number;
  /** The login the token writes as. Default "gitops-bot". */
  readonly login?: string;
  /** Answer GET /user like GitHub does for an installation token (403); the identity is then github-actions[bot]. */
  readonly installationToken?: boolean;
}

export interface FakeGitHub {
  readonly url: string;
  readonly login: string;
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

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const comments = new Map<number, StoredComment>();
  const issues = new Map<number, StoredIssue>();
  const branches = new Map<string, string>();
  const webhooks: unknown[] = [];
  const requests: string[] = [];
  const rules: FailureRule[] = [];
  let nextId = 1000;
  let nextIssue = 1;
  const pageSize = options.pageSize ?? 30;
  const login = options.installationToken ? "github-actions[bot]" : (options.login ?? "gitops-bot");

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
      if (rule.reset) return void req.socket.destroy();
      if (rule.rawBody !== undefined) {
        res.writeHead(rule.status ?? 200, { "content-type": rule.contentType ?? "text/html; charset=utf-8", ...rule.headers });
        return void res.end(rule.rawBody);
      }
      if (rule.status) return send(res, rule.status, rule.body ?? { message: `injected ${rule.status}` }, rule.headers);
    }
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      if (rule?.cut) return cutOff(res, status, payload, headers);
      if (rule?.gzip) {
        const zipped = gzipSync(JSON.stringify(payload));
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-encoding": "gzip", "content-length": String(zipped.length), ...headers });
        return void res.end(zipped);
      }
      if (rule?.emptyBody) {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": "0" });
        return void res.end();
      }
      send(res, status, payload, headers);
    };
    const base = `http://${req.headers.host}`;
    const userJson = (name: string) => ({ login: name, id: name.length * 1_000 + 7, type: name.endsWith("[bot]") ? "Bot" : "User", site_admin: false });
    const commentJson = (c: StoredComment) => ({
      id: c.id,
      node_id: `IC_${c.id}`,
      html_url: `${base}/acme/infra/pull/${c.issue}#issuecomment-${c.id}`,
      body: c.body,
      user: userJson(c.author ?? login),
      created_at: "2025-11-27T06:00:00Z",
      updated_at: "2025-11-27T06:00:00Z",
      author_association: "NONE",
    });
    const issueJson = (i: StoredIssue) => ({
      ...i,
      author: undefined,
      id: 500_000 + i.number,
      labels: i.labels.map((name) => ({ name })),
      html_url: `${base}/acme/infra/issues/${i.number}`,
      user: userJson(i.author ?? login),
    });
    /** One page of `all` with GitHub's Link header. */
    const page = <T>(all: T[]): void => {
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? pageSize), pageSize);
      const current = Number(url.searchParams.get("page") ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (n: number, rel: string) => {
        const target = new URL(url.toString().replace("http://localhost", base));
        target.searchParams.set("page", String(n));
        return `<${target}>; rel="${rel}"`;
      };
      const links = [
        ...(current > 1 ? [link(current - 1, "prev")] : []),
        ...(current < last ? [link(current + 1, "next"), link(last, "last")] : []),
        ...(current > 1 ? [link(1, "first")] : []),
      ];
      reply(200, all.slice((current - 1) * perPage, current * perPage), links.length > 0 ? { link: links.join(", ") } : {});
    };
    let m: RegExpMatchArray | null;
    if (url.pathname === "/user" && method === "GET") {
      if (options.installationToken) return send(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user", status: "403" });
      return reply(200, userJson(login));
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const issue = Number(m[1]);
      if (method === "GET") return page([...comments.values()].filter((c) => c.issue === issue).sort((a, b) => a.id - b.id).map(commentJson));
      if (method === "POST") {
        const comment = { id: nextId++, issue, body: String(body.body) };
        comments.set(comment.id, comment);
        return reply(201, commentJson(comment));
      }
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const comment = comments.get(Number(m[1]));
      if (!comment) return send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
      if ((comment.author ?? login) !== login && method !== "GET") return send(res, 403, { message: "Must have admin rights to Repository.", status: "403" });
      if (method === "PATCH") {
        comment.body = String(body.body);
        return reply(200, commentJson(comment));
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
        return page([...issues.values()].filter((i) => (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l))).map(issueJson));
      }
      if (method === "POST") {
        const issue: StoredIssue = { number: nextIssue++, title: String(body.title), body: String(body.body ?? ""), state: "open", labels: (body.labels as string[]) ?? [] };
        issues.set(issue.number, issue);
        return reply(201, issueJson(issue));
      }
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/)) && method === "PATCH") {
      const issue = issues.get(Number(m[1]));
      if (!issue) return send(res, 404, { message: "Not Found" });
      if ((issue.author ?? login) !== login) return send(res, 403, { message: "Must have admin rights to Repository.", status: "403" });
      Object.assign(issue, body);
      return reply(200, issueJson(issue));
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/branches\/([^/]+)$/)) && method === "GET") {
      const sha = branches.get(decodeURIComponent(m[1]!));
      return sha ? reply(200, { name: m[1], commit: { sha } }) : send(res, 404, { message: "Branch not found" });
    }
    if (url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls$/) && method === "POST") {
      if (!body.head || !body.base || !body.title) return send(res, 422, { message: "Validation Failed: head, base and title are required" });
      const pull: StoredIssue = { number: nextIssue++, title: String(body.title), body: String(body.body ?? ""), state: "open", labels: [], pull_request: {}, head: String(body.head), base: String(body.base) };
      issues.set(pull.number, pull);
      return send(res, 201, { number: pull.number, title: pull.title, state: "open", head: { ref: pull.head }, base: { ref: pull.base }, html_url: `${base}/acme/infra/pull/${pull.number}` });
    }
    if (url.pathname.startsWith("/hooks/") && method === "POST") {
      webhooks.push(body);
      res.writeHead(200, { "content-type": "text/plain" });
      return void res.end("ok");
    }
    return send(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    login,
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

/** Announces the whole body, sends half of it, then drops the connection. */
function cutOff(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(text.length), ...headers });
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
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
