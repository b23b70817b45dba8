// The Redis engine of the key-value store (key-value-store.ts), for replicas: with REDIS_URL
// every replica shares the repository index instead of keeping its own. Values are JSON text
// under `<prefix>:kv:<key>`; `keys` walks SCAN MATCH (never KEYS, which blocks Redis). Nothing
// is pending in this engine: `flush` is a no-op. A cache: callers cope with a missing value.
import { Redis } from 'ioredis';
import type { KeyValueStore } from './key-value-store.ts';

export interface RedisStoreOptions {
  url: string;
  /** Key prefix, the work queue's (FRESHPIN_QUEUE_PREFIX) by default. */
  prefix?: string;
  /** Values expire after this many seconds (undefined: never). */
  ttlSeconds?: number;
  onError?: (error: unknown) => void;
}

/** A store on Redis, and `close()` to release its connection. */
export function createRedisStore(options: RedisStoreOptions): KeyValueStore & { close(): Promise<void> } {
  const client = new Redis(options.url, { maxRetriesPerRequest: 2 });
  client.on('error', options.onError ?? (() => undefined));
  const base = `${options.prefix ?? 'freshpin'}:kv:`;
  return {
    async get(key) {
      const text = await client.get(base + key);
      return text === null ? undefined : (JSON.parse(text) as unknown);
    },
    async set(key, value) {
      const text = JSON.stringify(value);
      if (options.ttlSeconds === undefined) await client.set(base + key, text);
      else await client.set(base + key, text, 'EX', options.ttlSeconds);
    },
    async delete(key) {
      await client.del(base + key);
    },
    async keys(prefix) {
      const found: string[] = [];
      // MATCH is a glob: the prefix's own glob characters are escaped.
      const pattern = `${(base + prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        for (const key of batch) found.push(key.slice(base.length));
      } while (cursor !== '0');
      return [...new Set(found)];
    },
    async flush() {},
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
