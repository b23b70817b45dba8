// Types shared by the server and the endpoint handlers, plus reply helpers
// (GitHub-style error bodies, pagination with Link headers).
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor, FakeState, Repo } from './fake-state.ts';
import type { ShapeContext } from './shapes-basic.ts';

/** Everything a handler gets for one request. */
export interface HandlerContext {
  state: FakeState;
  shapes: ShapeContext;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The caller (the app's bot for installation tokens). */
  actor: Actor;
  installationId: number | undefined;
  /** Raw API path (no `/api/v3`, no query) used to build Link headers. */
  apiPath: string;
  ghes: boolean;
  /** Builds a short-lived signed URL on the fake for an artifact. */
  signArtifact: (artifactId: number) => string;
}

/** A handler that also needs the repository named in its path. */
export interface RepoContext extends HandlerContext {
  repo: Repo;
}

/** What a handler answers. */
export interface Reply {
  status: number;
  json?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Who may call an endpoint. */
export type AuthKind = 'jwt' | 'installation' | 'any';

/** A registered endpoint implementation. */
export type Route =
  | { auth: AuthKind; repo: false; handle: (ctx: HandlerContext) => Reply }
  | { auth: AuthKind; repo: true; handle: (ctx: RepoContext) => Reply };

/** Route table keyed by `METHOD /templated/path`. */
export type RouteTable = Map<string, Route>;

/** Registers a repo-scoped installation endpoint. */
export function repoRoute(table: RouteTable, key: string, handle: (ctx: RepoContext) => Reply): void {
  table.set(key, { auth: 'installation', repo: true, handle });
}

const DOCS = 'https://docs.github.com/rest';

/** A JSON reply. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, json: body, ...(headers ? { headers } : {}) };
}

/** A GitHub-style error reply. */
export function fail(status: number, message: string, extra?: Record<string, unknown>): Reply {
  return json(status, { message, documentation_url: DOCS, status: String(status), ...extra });
}

/** 404 Not Found. */
export function notFound(message = 'Not Found'): Reply {
  return fail(404, message);
}

/** 422 Validation Failed with GitHub's `errors` array. */
export function validationFailed(errors: Array<Record<string, unknown>>, message = 'Validation Failed'): Reply {
  return fail(422, message, { errors });
}

/** 204 No Content. */
export function noContent(): Reply {
  return { status: 204 };
}

/** Reads a positive integer path parameter, or undefined. */
export function intParam(ctx: HandlerContext, name: string): number | undefined {
  const v = ctx.params[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Slices one page of a list and builds GitHub's Link header. */
export function paginate<T>(ctx: HandlerContext, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
  const pageNo = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number): string => {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('page', String(n));
    return `${ctx.shapes.api}${ctx.apiPath}?${q.toString()}`;
  };
  const rels: string[] = [];
  if (pageNo > 1) rels.push(`<${link(pageNo - 1)}>; rel="prev"`);
  if (pageNo < last) rels.push(`<${link(pageNo + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (pageNo > 1) rels.push(`<${link(1)}>; rel="first"`);
  return { page, headers: rels.length > 0 ? { link: rels.join(', ') } : {} };
}

/** A string field of the body, or undefined. */
export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

/** Sorts newest first by a numeric id (ids grow with creation). */
export function newestFirst<T extends { id: number }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => b.id - a.id);
}
