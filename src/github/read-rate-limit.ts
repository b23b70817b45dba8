// GitHub's rate-limit windows: `GET /rate_limit` (free: it counts against no limit) and the
// `x-ratelimit-*` headers every answer carries. Validated where they enter.
import { z } from 'zod';
import type { GitHubClient } from './github-client.ts';

export type RateResource = 'core' | 'graphql';

/** One rate-limit window as GitHub reports it. */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** Epoch milliseconds. */
  resetAt: number;
}

const WindowSchema = z.looseObject({ limit: z.number(), remaining: z.number(), reset: z.number() });
const RateLimitSchema = z.looseObject({ resources: z.looseObject({ core: WindowSchema, graphql: WindowSchema.optional() }) });

/** The installation's core and GraphQL windows, read with one free request. */
export async function readRateLimit(client: GitHubClient): Promise<Partial<Record<RateResource, RateWindow>>> {
  const { data } = await client.request('GET /rate_limit');
  const parsed = RateLimitSchema.parse(data);
  const toWindow = (window: z.infer<typeof WindowSchema>): RateWindow => ({ limit: window.limit, remaining: window.remaining, resetAt: window.reset * 1000 });
  const windows: Partial<Record<RateResource, RateWindow>> = { core: toWindow(parsed.resources.core) };
  if (parsed.resources.graphql !== undefined) windows.graphql = toWindow(parsed.resources.graphql);
  return windows;
}
