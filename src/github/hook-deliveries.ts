// The app's webhook deliveries as GitHub recorded them (`GET /app/hook/deliveries`, with the
// app's JWT) and their redelivery (`POST /app/hook/deliveries/{id}/attempts`). GitHub keeps
// three days of deliveries and never retries a failed one by itself.
import { z } from 'zod';
import type { GitHubClient } from './github-client.ts';
import { withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';

export interface HookDelivery {
  id: number;
  /** X-GitHub-Delivery: the same for a delivery and its redeliveries. */
  guid: string;
  deliveredAt: string;
  redelivery: boolean;
  statusCode: number;
  event: string;
}

const DeliverySchema = z.looseObject({
  id: z.number(),
  guid: z.string(),
  delivered_at: z.string(),
  redelivery: z.boolean().catch(false),
  status_code: z.number().catch(0),
  event: z.string(),
});

/** Deliveries newest first, back to `since` (ISO time), at most `max` of them. */
export async function listHookDeliveries(appClient: GitHubClient, since: string, max = 2_000): Promise<HookDelivery[]> {
  const context = 'list webhook deliveries';
  const data = await withGitHubContext(context, () =>
    appClient.paginate('GET /app/hook/deliveries', { per_page: 100 }, (response, done) => {
      const page = response.data as Array<{ delivered_at?: string }>;
      if (page.some((item) => (item.delivered_at ?? '') < since)) done();
      return page;
    }),
  );
  return parsePayload(z.array(DeliverySchema), data.slice(0, max), context)
    .filter((item) => item.delivered_at >= since)
    .map((item) => ({ id: item.id, guid: item.guid, deliveredAt: item.delivered_at, redelivery: item.redelivery, statusCode: item.status_code, event: item.event }));
}

/** Asks GitHub to deliver `deliveryId` again (it answers 202 and redelivers after). */
export async function redeliverHookDelivery(appClient: GitHubClient, deliveryId: number): Promise<void> {
  await withGitHubContext('redeliver a webhook delivery', () => appClient.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: deliveryId }));
}

/** Deliveries none of whose attempts the app answered with 2xx: the newest attempt of each. */
export function failedDeliveries(deliveries: readonly HookDelivery[]): HookDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const delivery of deliveries) byGuid.set(delivery.guid, [...(byGuid.get(delivery.guid) ?? []), delivery]);
  const failed: HookDelivery[] = [];
  for (const attempts of byGuid.values()) {
    if (attempts.some((attempt) => attempt.statusCode >= 200 && attempt.statusCode < 300)) continue;
    const newest = attempts.reduce((a, b) => (b.id > a.id ? b : a));
    failed.push(newest);
  }
  return failed.sort((a, b) => a.id - b.id);
}
