// Primary rate-limit bookkeeping per caller (installation, app JWT, anonymous),
// reported in `x-ratelimit-*` headers and `GET /rate_limit`. Not enforced:
// exhaustion is simulated with `injectFault` instead.
import type { FakeState } from './fake-state.ts';

/** A caller's rate-limit window. */
export interface RateInfo {
  limit: number;
  remaining: number;
  used: number;
  reset: number;
  resource: 'core' | 'graphql';
}

const WINDOW_MS = 3_600_000;

/** The bucket a caller's requests count against. */
export function rateIdentity(auth: 'jwt' | 'installation' | 'none', installationId: number | undefined): string {
  if (auth === 'installation' && installationId !== undefined) return `installation:${installationId}`;
  return auth === 'jwt' ? 'app' : 'anonymous';
}

/** Counts one request (when `counted`) and returns the caller's window. */
export function consumeRate(state: FakeState, identity: string, counted: boolean, installationLimit: number, nowMs: number): RateInfo {
  let bucket = state.rate.get(identity);
  if (!bucket || nowMs - bucket.windowStart >= WINDOW_MS) state.rate.set(identity, (bucket = { used: 0, windowStart: nowMs }));
  if (counted) bucket.used++;
  const limit = identity === 'anonymous' ? 60 : identity === 'app' ? 5000 : installationLimit;
  return { limit, remaining: Math.max(0, limit - bucket.used), used: bucket.used, reset: Math.ceil((bucket.windowStart + WINDOW_MS) / 1000), resource: 'core' };
}

/** `x-ratelimit-*` headers for a window. */
export function rateHeaders(info: RateInfo): Record<string, string> {
  return {
    'x-ratelimit-limit': String(info.limit),
    'x-ratelimit-remaining': String(info.remaining),
    'x-ratelimit-used': String(info.used),
    'x-ratelimit-reset': String(info.reset),
    'x-ratelimit-resource': info.resource,
  };
}
