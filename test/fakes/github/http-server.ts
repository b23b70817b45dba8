// The HTTP front of the fake: validates every request against GitHub's REST
// description, authenticates, injects faults, dispatches to a handler, and
// adds GitHub's headers (ETag/304, rate limit, request id). node:http only.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findOperation, loadSpec } from './openapi-spec.ts';
import { validateRequest } from './request-validator.ts';
import { validateResponse } from './response-validator.ts';
import { identifyCaller } from './auth.ts';
import type { Caller } from './auth.ts';
import { botActor, repoKey } from './fake-state.ts';
import type { FakeState } from './fake-state.ts';
import { fail } from './http-kit.ts';
import type { HandlerContext, Reply, RouteTable } from './http-kit.ts';
import { consumeRate, rateHeaders, rateIdentity } from './rate-limit.ts';
import { serveSigned, signArtifactUrl } from './signed-urls.ts';
import { serveGraphql } from './handlers-graphql.ts';
import type { GraphqlAnswer } from './handlers-graphql.ts';
import type { FaultSpec, RequestLogEntry, Violation } from './types.ts';

/** What the server needs from the fake. */
export interface ServerDeps {
  state: () => FakeState;
  routes: RouteTable;
  origin: () => string;
  latencyMs: number;
  ghes: boolean;
  rateLimit: number;
  requests: RequestLogEntry[];
  violations: Violation[];
  faults: FaultSpec[];
  /** Self-check: validate the fake's own JSON responses against the description. */
  validateResponses: boolean;
  responseViolations: Violation[];
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const API_PREFIX = '/api/v3';

function toOutcome(reply: Reply): Outcome {
  const headers: Record<string, string> = { ...reply.headers };
  let body: Buffer = Buffer.alloc(0);
  if (reply.raw !== undefined) {
    body = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.from(reply.raw);
    headers['content-type'] = reply.contentType ?? 'text/plain; charset=utf-8';
  } else if (reply.json !== undefined) {
    body = Buffer.from(JSON.stringify(reply.json));
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['x-github-media-type'] = 'github.v3; format=json';
  }
  return { status: reply.status, headers, body };
}

function violation(deps: ServerDeps, v: Violation): Reply {
  deps.violations.push(v);
  const status = v.kind === 'not-implemented' ? 501 : 500;
  return fail(status, `GitHub fake: ${v.message}`, v.problems ? { problems: v.problems } : undefined);
}

function faultReply(fault: FaultSpec, requestId: string): Reply {
  const secondary = fault.status === 403 || fault.status === 429;
  const message = secondary
    ? `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`
    : ({ 401: 'Bad credentials', 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as Record<number, string>)[fault.status] ?? 'Server Error';
  const body = fault.body ?? {
    message,
    documentation_url: secondary ? 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' : 'https://docs.github.com/rest',
    status: String(fault.status),
  };
  return { status: fault.status, json: body, headers: { ...(secondary ? { 'retry-after': '1' } : {}), ...fault.headers } };
}

function takeFault(deps: ServerDeps, method: string, apiPath: string): FaultSpec | undefined {
  const i = deps.faults.findIndex((f) => (!f.method || f.method.toUpperCase() === method) && f.pathPattern.test(apiPath));
  const fault = deps.faults[i];
  if (!fault) return undefined;
  if (--fault.times <= 0) deps.faults.splice(i, 1);
  return fault;
}

function authError(caller: Caller, need: 'jwt' | 'installation' | 'any'): Reply | undefined {
  if (caller.kind === 'invalid') return fail(401, caller.message);
  if (need === 'any') return undefined;
  if (need === 'jwt' && caller.kind !== 'jwt') return fail(401, 'A JSON web token could not be decoded');
  if (need === 'installation' && caller.kind === 'none') return fail(401, 'Requires authentication');
  if (need === 'installation' && caller.kind === 'jwt') return fail(403, 'Resource not accessible by integration');
  return undefined;
}

/** Serves one API request (body already read); returns status, headers and body. */
function serveApi(deps: ServerDeps, req: IncomingMessage, url: URL, rawBody: string, entry: RequestLogEntry, caller: Caller, requestId: string): Reply {
  const method = entry.method;
  const apiPath = entry.path;
  const spec = loadSpec();
  const lookup = findOperation(spec, method, apiPath);
  if (lookup.kind === 'unknown') return violation(deps, { method, path: apiPath, kind: 'unknown-endpoint', message: `${method} ${apiPath} is not an endpoint of GitHub's REST API` });
  if (lookup.kind === 'method-not-allowed') return violation(deps, { method, path: apiPath, kind: 'method-not-allowed', message: `${method} is not defined for ${lookup.templates.join(', ')}` });
  const { operation, params } = lookup;
  entry.route = operation.template;
  const { problems, body } = validateRequest(spec, operation, url.searchParams, rawBody, req.headers['content-type']);
  if (problems.length > 0) return violation(deps, { method, path: apiPath, kind: 'invalid-request', message: `${method} ${operation.template} (${operation.operationId}): ${problems.join('; ')}`, problems });
  const fault = takeFault(deps, method, apiPath);
  if (fault) return faultReply(fault, requestId);
  const key = `${method} ${operation.template}`;
  const route = deps.routes.get(key);
  if (!route) return violation(deps, { method, path: apiPath, kind: 'not-implemented', message: `${key} (${operation.operationId}) is valid but not implemented by the fake` });
  const denied = authError(caller, route.auth);
  if (denied) return denied;
  const state = deps.state();
  const origin = deps.origin();
  const ctx: HandlerContext = {
    state,
    shapes: { state, api: `${origin}${API_PREFIX}`, web: origin },
    method,
    params,
    query: url.searchParams,
    body: (body ?? {}) as Record<string, unknown>,
    headers: req.headers,
    actor: caller.kind === 'installation' || caller.kind === 'jwt' ? botActor(state) : { login: 'ghost', type: 'User' },
    installationId: caller.kind === 'installation' ? caller.installationId : undefined,
    apiPath,
    ghes: deps.ghes,
    signArtifact: (id) => signArtifactUrl(state, origin, id, Date.now()),
  };
  try {
    let reply: Reply;
    if (!route.repo) {
      reply = route.handle(ctx);
    } else {
      const key2 = repoKey(params.owner ?? '', params.repo ?? '');
      const repo = state.repos.get(key2);
      const visible = repo && caller.kind === 'installation' && repo.installationId === caller.installationId && (!caller.repoKeys || caller.repoKeys.has(key2));
      reply = repo && visible ? route.handle({ ...ctx, repo }) : fail(404, 'Not Found');
    }
    if (deps.validateResponses && reply.json !== undefined) {
      const problems = validateResponse(spec, operation, reply.status, reply.json);
      if (problems.length > 0) deps.responseViolations.push({ method, path: apiPath, kind: 'fake-error', message: `the fake's ${reply.status} response to ${key} does not match the description`, problems });
    }
    return reply;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return violation(deps, { method, path: apiPath, kind: 'fake-error', message: `the fake crashed on ${key}: ${message}` });
  }
}

function finish(deps: ServerDeps, req: IncomingMessage, reply: Reply, entry: RequestLogEntry, caller: Caller, requestId: string): Outcome {
  const out = toOutcome(reply);
  const isGet = entry.method === 'GET' || entry.method === 'HEAD';
  if (isGet && out.status === 200) {
    // GitHub's ETags are bound to the access token (eclipse-csi/otterdog#201, github/docs#34689):
    // an ETag seen with one token never yields a 304 to another, so the credentials are hashed in.
    const etag = `W/"${createHash('sha1').update(req.headers.authorization ?? '').update('\n').update(out.body).digest('hex')}"`;
    out.headers.etag = etag;
    out.headers['cache-control'] = 'private, max-age=60, s-maxage=60';
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').map((s) => s.trim()).includes(etag)) {
      out.status = 304;
      out.body = Buffer.alloc(0);
      delete out.headers['content-type'];
    }
  }
  entry.status = out.status;
  entry.counted = out.status !== 304 && entry.route !== '/rate_limit';
  const auth = caller.kind === 'installation' ? 'installation' : caller.kind === 'jwt' ? 'jwt' : 'none';
  const rate = consumeRate(deps.state(), rateIdentity(auth, entry.installationId), entry.counted, deps.rateLimit, Date.now());
  out.headers = {
    ...rateHeaders(rate),
    'x-github-request-id': requestId,
    'x-github-api-version-selected': '2022-11-28',
    vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
    ...(deps.ghes ? { 'x-github-enterprise-version': '3.19.0' } : {}),
    ...out.headers,
  };
  if (entry.method === 'HEAD') out.body = Buffer.alloc(0);
  return out;
}

/**
 * `POST /api/graphql`: validated against GitHub's GraphQL schema, logged as `POST /graphql` and
 * counted (a request like any other; its points go to the installation's GraphQL bucket).
 */
function serveGraphqlRequest(deps: ServerDeps, req: IncomingMessage, rawBody: string, requestId: string): Outcome {
  const caller = identifyCaller(deps.state(), req.headers.authorization, Date.now());
  const entry: RequestLogEntry = { method: 'POST', path: '/graphql', route: '/graphql', query: '', status: 0, counted: true };
  let answer: GraphqlAnswer;
  if (caller.kind === 'invalid') answer = { status: 401, body: { message: caller.message, documentation_url: 'https://docs.github.com/graphql' } };
  else {
    if (caller.kind === 'installation') entry.installationId = caller.installationId;
    answer = serveGraphql(deps.state(), rawBody, caller.kind === 'installation' ? caller : undefined, Date.now());
  }
  if (answer.invalid !== undefined) deps.violations.push({ method: 'POST', path: '/graphql', kind: 'invalid-request', message: `GraphQL query does not conform to GitHub's schema: ${answer.invalid.join('; ')}`, problems: answer.invalid });
  entry.status = answer.status;
  deps.requests.push(entry);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-github-request-id': requestId };
  if (answer.rate !== undefined) Object.assign(headers, rateHeaders({ ...answer.rate, resource: 'graphql' }));
  return { status: answer.status, headers, body: Buffer.from(JSON.stringify(answer.body)) };
}

/** Handles one HTTP request end to end (the `node:http` request listener). */
export async function handleHttp(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', deps.origin());
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = randomUUID().toUpperCase().slice(0, 23).replace(/-/g, ':');
  let out: Outcome;
  if (method === 'POST' && (url.pathname === '/api/graphql' || url.pathname === '/graphql')) {
    out = serveGraphqlRequest(deps, req, rawBody, requestId);
  } else if (url.pathname.startsWith('/_signed/')) {
    out = toOutcome(serveSigned(deps.state(), url, Date.now()));
    deps.requests.push({ method, path: url.pathname, query: url.search.slice(1), status: out.status, counted: false });
  } else {
    const caller = identifyCaller(deps.state(), req.headers.authorization, Date.now());
    const inApi = url.pathname.startsWith(`${API_PREFIX}/`);
    const entry: RequestLogEntry = { method, path: inApi ? url.pathname.slice(API_PREFIX.length) : url.pathname, query: url.search.slice(1), status: 0, counted: true };
    if (caller.kind === 'installation') entry.installationId = caller.installationId;
    const reply = inApi
      ? serveApi(deps, req, url, rawBody, entry, caller, requestId)
      : violation(deps, { method, path: url.pathname, kind: 'unknown-endpoint', message: `${method} ${url.pathname} is outside the API base ${API_PREFIX}` });
    out = finish(deps, req, reply, entry, caller, requestId);
    deps.requests.push(entry);
  }
  if (deps.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.latencyMs));
  res.writeHead(out.status, { ...out.headers, 'content-length': String(out.body.length) });
  res.end(out.body);
}
