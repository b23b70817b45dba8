// Public types of the GitHub fake.
import type { Permission } from './fake-state.ts';

export type { Permission };

/** Options of `startGitHubFake`. */
export interface GitHubFakeOptions {
  /** Delay added to every response (benchmarks). */
  latencyMs?: number;
  /** Behave like GitHub Enterprise Server: dispatch rejects `return_run_details` with 422. */
  ghes?: boolean;
  /** App id (default 4242) and slug (default `freshpin`). */
  appId?: number;
  appSlug?: string;
  /** Primary rate limit per installation per hour, reported in headers (default 5000; not enforced). */
  rateLimit?: number;
  /** Self-check (slower): validate the fake's own JSON responses against the description into `responseViolations`. */
  validateResponses?: boolean;
  /** Lifetime of minted installation tokens (default one hour, as GitHub); an expired token gets 401 "Bad credentials". */
  tokenTtlMs?: number;
}

/** One logged request. */
export interface RequestLogEntry {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string (still percent-encoded). */
  path: string;
  /** Query string without `?` ('' when none). */
  query: string;
  /** The description's templated path, when the request matched one. */
  route?: string;
  status: number;
  /** Whether the request counted against the rate limit (false for 304, `/rate_limit`, signed downloads). */
  counted: boolean;
  installationId?: number;
}

/** A request that does not conform to GitHub's REST description, or that the fake cannot serve. */
export interface Violation {
  method: string;
  path: string;
  kind: 'unknown-endpoint' | 'method-not-allowed' | 'invalid-request' | 'not-implemented' | 'fake-error';
  message: string;
  problems?: string[];
}

/** A fault to inject on the next `times` matching requests. */
export interface FaultSpec {
  method?: string;
  /** Tested against the API path (no `/api/v3`, no query). */
  pathPattern: RegExp;
  status: 500 | 502 | 503 | 401 | 403 | 429;
  times: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A file map for seeding and pushing: `null` deletes. */
export type FileMap = Record<string, string | Uint8Array | null>;
