// Typed GitHub failures. Every adapter in src/github sorts what Octokit throws into one
// GitHubFailure, once, where it happens; callers above look at `kind`, never at HTTP
// statuses or Octokit's RequestError. Messages are one line and carry no tokens, no URL
// credentials and no signed URLs (src/core/secrets/scrub-secrets.ts, the one scrubber).
import { scrubSecrets } from '../core/secrets/scrub-secrets.ts';

export type GitHubFailureKind =
  | 'not-found'
  | 'gone'
  | 'conflict'
  | 'not-allowed'
  | 'unprocessable'
  | 'rate-limited'
  | 'unavailable'
  | 'forbidden'
  | 'other';

/** What went wrong, as a value. */
export interface GitHubFailure {
  kind: GitHubFailureKind;
  /** HTTP status, when GitHub answered (a network failure has none). */
  status?: number;
  /** One line, without secrets: GitHub's `message`, or the network error. */
  message: string;
  /** GitHub's `errors[].message` (or `code field` when there is no message), as on 422 and 400 answers. */
  details: string[];
  /** For `rate-limited`: seconds until a retry may succeed, from `retry-after` or `x-ratelimit-reset`. */
  retryAfterSeconds?: number;
}

/** A GitHub call that failed; `failure` says how. `context` names the call, e.g. `create branch freshpin/x in o/r`. */
export class GitHubError extends Error {
  override readonly name: string = 'GitHubError';
  readonly failure: GitHubFailure;
  readonly context: string;

  constructor(context: string, failure: GitHubFailure) {
    super(scrubSecrets(`${context}: ${failure.message}`));
    this.context = context;
    this.failure = failure;
  }

  get kind(): GitHubFailureKind {
    return this.failure.kind;
  }

  get status(): number | undefined {
    return this.failure.status;
  }
}

/** GitHub answered 2xx with a body that does not have the documented shape. */
export class GitHubResponseError extends GitHubError {
  override readonly name = 'GitHubResponseError';

  constructor(context: string, problem: string) {
    super(context, { kind: 'other', message: `unexpected response: ${problem}`, details: [] });
  }
}

/** True for any typed GitHub error (including the artifact errors). */
export function isGitHubError(error: unknown): error is GitHubError {
  return error instanceof GitHubError;
}

/** True when `error` is a GitHubError of one of `kinds`. */
export function isGitHubFailure(error: unknown, ...kinds: GitHubFailureKind[]): error is GitHubError {
  return error instanceof GitHubError && kinds.includes(error.kind);
}

/**
 * Sorts anything Octokit (or fetch) threw into a GitHubFailure.
 * `now` (ms since the epoch) turns `x-ratelimit-reset` into a wait.
 */
export function classifyGitHubError(error: unknown, now: number = Date.now()): GitHubFailure {
  if (error instanceof GitHubError) return error.failure;
  const status = statusOf(error);
  const response = responseOf(error);
  if (status === undefined || (response === undefined && status === 500)) {
    // @octokit/request turns fetch failures into a status-500 RequestError without a response.
    const network = status === 500 || isNetworkish(error);
    return { kind: network ? 'unavailable' : 'other', message: oneLine(scrubSecrets(errorMessage(error))), details: [] };
  }
  const data = response?.data;
  const headers = response?.headers ?? {};
  const text = githubMessage(data) ?? bodyText(data) ?? (response === undefined ? errorMessage(error) : `HTTP ${status}`);
  const message = oneLine(scrubSecrets(text));
  const base = { status, message, details: errorDetails(data) };
  if ((status === 403 || status === 429) && isRateLimited(status, headers, message)) {
    const retryAfterSeconds = retryAfterOf(headers, now);
    return { ...base, kind: 'rate-limited', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
  if (status >= 500) return { ...base, kind: 'unavailable' };
  switch (status) {
    case 404:
      return { ...base, kind: 'not-found' };
    case 410:
      return { ...base, kind: 'gone' };
    case 409:
      return { ...base, kind: 'conflict' };
    case 405:
      return { ...base, kind: 'not-allowed' };
    case 422:
      return { ...base, kind: 'unprocessable' };
    case 401:
    case 403:
      return { ...base, kind: 'forbidden' };
    default:
      return { ...base, kind: 'other' };
  }
}

/** Wraps anything thrown by a GitHub call in a GitHubError naming the call; a GitHubError passes through. */
export function toGitHubError(error: unknown, context: string, now?: number): GitHubError {
  if (error instanceof GitHubError) return error;
  return new GitHubError(context, classifyGitHubError(error, now));
}

/** Runs one adapter step and rethrows any failure as a GitHubError naming `context`. */
export async function withGitHubContext<T>(context: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toGitHubError(error, context);
  }
}

/** True when GitHub's message or one of its `errors[]` matches `pattern` (e.g. /already exists/i). */
export function failureMentions(failure: GitHubFailure, pattern: RegExp): boolean {
  return pattern.test(failure.message) || failure.details.some((detail) => pattern.test(detail));
}

type HeaderBag = Record<string, string | number | undefined>;

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

function responseOf(error: unknown): { data?: unknown; headers: HeaderBag } | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const headers = (response as { headers?: unknown }).headers;
  return { data: (response as { data?: unknown }).data, headers: typeof headers === 'object' && headers !== null ? (headers as HeaderBag) : {} };
}

function githubMessage(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = (data as { message: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return undefined;
}

/** A short plain-text error body; HTML error pages and long bodies are not messages. */
function bodyText(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  const text = data.trim();
  return text !== '' && text.length <= 200 && !text.includes('<') ? text : undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error && cause.message !== error.message ? ` (${cause.message})` : '';
    return `${error.message}${causeText}` || error.name;
  }
  return String(error);
}

function errorDetails(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || !('errors' in data)) return [];
  const errors = (data as { errors: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .map((entry: unknown) => {
      if (typeof entry === 'string') return entry;
      if (typeof entry !== 'object' || entry === null) return '';
      const { message, code, field } = entry as { message?: unknown; code?: unknown; field?: unknown };
      if (typeof message === 'string') return message;
      return [code, field].filter((part) => typeof part === 'string').join(' ');
    })
    .filter((detail) => detail !== '')
    .map((detail) => oneLine(scrubSecrets(detail)));
}

function isRateLimited(status: number, headers: HeaderBag, message: string): boolean {
  if (String(headers['x-ratelimit-remaining']) === '0') return true;
  if (headers['retry-after'] !== undefined) return true;
  if (/rate limit/i.test(message)) return true;
  return status === 429;
}

function retryAfterOf(headers: HeaderBag, now: number): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(String(retryAfter));
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset)) {
    return Math.max(0, Math.ceil(reset - now / 1000));
  }
  return undefined;
}

function isNetworkish(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return ['AbortError', 'TimeoutError', 'TypeError'].includes(error.name) || (typeof code === 'string' && /^(E[A-Z]+|UND_ERR)/.test(code));
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
