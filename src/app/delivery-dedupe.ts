// Webhook deliveries already handled, by `X-GitHub-Delivery` id (Probot's `context.id`):
// GitHub redelivers on timeouts and operators redeliver by hand; a command runs once.
// In memory, least recently seen evicted first.

export interface DeliveryDedupe {
  /** True the first time `id` is seen (and remembers it); false for a repeat. */
  claim(id: string): boolean;
  /** Forgets `id`, so a redelivery is handled (after a failure before the command ran). */
  release(id: string): void;
  readonly size: number;
}

export const DEFAULT_DELIVERY_MEMORY = 5_000;

export function createDeliveryDedupe(maxEntries: number = DEFAULT_DELIVERY_MEMORY): DeliveryDedupe {
  const seen = new Map<string, true>();
  return {
    claim(id) {
      if (seen.has(id)) {
        seen.delete(id);
        seen.set(id, true);
        return false;
      }
      seen.set(id, true);
      while (seen.size > maxEntries) {
        const oldest = seen.keys().next().value;
        if (oldest === undefined) break;
        seen.delete(oldest);
      }
      return true;
    },
    release(id) {
      seen.delete(id);
    },
    get size() {
      return seen.size;
    },
  };
}
