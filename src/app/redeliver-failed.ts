// Catch-up for the embedded queue: a crash loses what was queued in memory, and GitHub never
// retries a delivery that failed (the app down, a 5xx, a timeout). On start-up and every hour,
// the deliveries of the last hours whose every attempt failed are redelivered; their key (the
// delivery id) makes a redelivery of one already worked a no-op.
import type { Logger } from 'pino';
import { failedDeliveries, listHookDeliveries, redeliverHookDelivery } from '../github/hook-deliveries.ts';
import type { GitHubClient } from '../github/github-client.ts';

/** How far back a catch-up looks (GitHub keeps three days). */
export const CATCH_UP_LOOKBACK_MS = 24 * 3600 * 1000;
export const CATCH_UP_INTERVAL_MS = 3600 * 1000;
/** Redeliveries asked in one catch-up. */
export const CATCH_UP_MAX_REDELIVERIES = 200;

export interface CatchUpOptions {
  appClient: () => Promise<GitHubClient>;
  log: Logger;
  now?: () => number;
}

/** One catch-up: redelivers the failed deliveries not asked for before; how many were asked. */
export function createCatchUp(options: CatchUpOptions) {
  const asked = new Set<string>();
  const now = options.now ?? Date.now;
  const log = options.log.child({ component: 'catch-up' });
  return async function catchUp(): Promise<number> {
    const client = await options.appClient();
    const since = new Date(now() - CATCH_UP_LOOKBACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const failed = failedDeliveries(await listHookDeliveries(client, since)).filter((delivery) => !asked.has(delivery.guid));
    let count = 0;
    for (const delivery of failed.slice(0, CATCH_UP_MAX_REDELIVERIES)) {
      try {
        await redeliverHookDelivery(client, delivery.id);
        asked.add(delivery.guid);
        count += 1;
      } catch (error) {
        log.warn({ err: error, delivery: delivery.guid, event: delivery.event }, 'a failed delivery could not be redelivered');
      }
    }
    if (failed.length > 0) log.info({ failed: failed.length, redelivered: count }, 'failed webhook deliveries redelivered');
    return count;
  };
}
