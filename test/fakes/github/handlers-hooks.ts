// The app's webhook deliveries (`GET /app/hook/deliveries`, one delivery, and
// `POST /app/hook/deliveries/{delivery_id}/attempts`): what GitHub sent and how the app
// answered. A redelivery is sent, signed with the webhook secret, to the target the test set
// (`setWebhookTarget`), after the 202, and recorded as a new delivery with `redelivery: true`.
import { createHmac, randomUUID } from 'node:crypto';
import { json, intParam, notFound } from './http-kit.ts';
import type { HandlerContext, Reply, RouteTable } from './http-kit.ts';
import { isoNow, nextId } from './fake-state.ts';
import type { FakeState, HookDelivery } from './fake-state.ts';

function deliveryItem(delivery: HookDelivery): Record<string, unknown> {
  return {
    id: delivery.id,
    guid: delivery.guid,
    delivered_at: delivery.deliveredAt,
    redelivery: delivery.redelivery,
    duration: 0.05,
    status: delivery.statusCode >= 200 && delivery.statusCode < 300 ? 'OK' : delivery.statusCode === 0 ? 'failed to connect' : `Invalid HTTP Response: ${delivery.statusCode}`,
    status_code: delivery.statusCode,
    event: delivery.event,
    action: delivery.action,
    installation_id: delivery.installationId,
    repository_id: delivery.repositoryId,
  };
}

function listDeliveries(ctx: HandlerContext): Reply {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
  const cursor = Number(ctx.query.get('cursor') ?? Number.POSITIVE_INFINITY);
  const newestFirst = [...ctx.state.hookDeliveries].sort((a, b) => b.id - a.id).filter((delivery) => delivery.id < cursor);
  const page = newestFirst.slice(0, perPage);
  const headers: Record<string, string> = {};
  const last = page.at(-1);
  if (newestFirst.length > perPage && last !== undefined) {
    const query = new URLSearchParams({ per_page: String(perPage), cursor: String(last.id) });
    headers.link = `<${ctx.shapes.api}/app/hook/deliveries?${query.toString()}>; rel="next"`;
  }
  return json(200, page.map(deliveryItem), headers);
}

/** Sends a delivery to the webhook target, signed as GitHub signs it, and records the attempt. */
export async function sendDelivery(state: FakeState, delivery: Omit<HookDelivery, 'id' | 'deliveredAt' | 'statusCode'>): Promise<HookDelivery> {
  const target = state.webhookTarget;
  const body = JSON.stringify(delivery.payload);
  let statusCode = 0;
  if (target !== undefined) {
    try {
      const signature = `sha256=${createHmac('sha256', target.secret).update(body).digest('hex')}`;
      const answer = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': delivery.event, 'x-github-delivery': delivery.guid, 'x-hub-signature-256': signature }, body });
      statusCode = answer.status;
      await answer.arrayBuffer();
    } catch {
      statusCode = 0;
    }
  }
  const recorded: HookDelivery = { ...delivery, id: nextId(state), deliveredAt: isoNow(), statusCode };
  state.hookDeliveries.push(recorded);
  return recorded;
}

/** Registers the webhook delivery endpoints (the app's JWT). */
export function registerHookRoutes(table: RouteTable): void {
  table.set('GET /app/hook/deliveries', { auth: 'jwt', repo: false, handle: listDeliveries });
  table.set('GET /app/hook/deliveries/{delivery_id}', {
    auth: 'jwt',
    repo: false,
    handle: (ctx) => {
      const delivery = ctx.state.hookDeliveries.find((entry) => entry.id === intParam(ctx, 'delivery_id'));
      if (delivery === undefined) return notFound();
      return json(200, { ...deliveryItem(delivery), url: ctx.state.webhookTarget?.url ?? '', request: { headers: { 'X-GitHub-Event': delivery.event, 'X-GitHub-Delivery': delivery.guid }, payload: delivery.payload }, response: { headers: {}, payload: null } });
    },
  });
  table.set('POST /app/hook/deliveries/{delivery_id}/attempts', {
    auth: 'jwt',
    repo: false,
    handle: (ctx) => {
      const delivery = ctx.state.hookDeliveries.find((entry) => entry.id === intParam(ctx, 'delivery_id'));
      if (delivery === undefined) return notFound();
      ctx.state.redeliveryRequests.push(delivery.guid);
      // GitHub redelivers after it answered: the same guid, a new delivery.
      setTimeout(() => void sendDelivery(ctx.state, { guid: delivery.guid, event: delivery.event, action: delivery.action, installationId: delivery.installationId, repositoryId: delivery.repositoryId, redelivery: true, payload: delivery.payload }), 10);
      return json(202, {});
    },
  });
}

/** A fresh delivery id, as GitHub's X-GitHub-Delivery. */
export function newDeliveryGuid(): string {
  return randomUUID();
}
