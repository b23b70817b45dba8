// The Redis engine of the key-value store against a real redis-server: the same behaviour as
// the memory engine (i15's test/store/key-value-store.test.ts), shared by two clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/key-value-store.ts';
import type { KeyValueStore } from '../../src/store/key-value-store.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { startRedis } from '../helpers/start-redis.ts';
import type { RunningRedis } from '../helpers/start-redis.ts';

let redis: RunningRedis;
const open: Array<{ close(): Promise<void> }> = [];
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(open.map((store) => store.close()));
  await redis?.stop();
});

function redisStore(prefix = `kv${(prefixes += 1)}`) {
  const store = createRedisStore({ url: redis.url, prefix });
  open.push(store);
  return store;
}

describe.each<[string, () => KeyValueStore]>([
  ['memory', () => createMemoryStore()],
  ['redis', () => redisStore()],
])('the %s engine', (_name, make) => {
  it('gets, sets, deletes and lists by prefix, handing out copies', async () => {
    const store = make();
    const value = { a: [1, 2], b: 'x' };
    await store.set('repo:a/b', value);
    await store.set('repo:a/c', 1);
    await store.set('repo:[x]*', 2);
    await store.set('installation:1', true);
    value.a.push(3);
    expect(await store.get('repo:a/b')).toEqual({ a: [1, 2], b: 'x' });
    expect((await store.keys('repo:a/')).sort()).toEqual(['repo:a/b', 'repo:a/c']);
    expect(await store.keys('repo:[x]')).toEqual(['repo:[x]*']);
    await store.delete('repo:a/c');
    expect(await store.get('repo:a/c')).toBeUndefined();
    expect(await store.get('never')).toBeUndefined();
    await store.flush();
  });
});

describe('the redis engine', () => {
  it('is shared by replicas with the same prefix, and separate under another', async () => {
    const [a, b, other] = [redisStore('fleet'), redisStore('fleet'), redisStore('other-fleet')];
    await a.set('repo:x/y', { etag: 'W/"1"' });
    expect(await b.get('repo:x/y')).toEqual({ etag: 'W/"1"' });
    expect(await other.get('repo:x/y')).toBeUndefined();
  });
});
