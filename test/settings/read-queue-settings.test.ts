import { describe, expect, it } from 'vitest';
import { readQueueSettings, redisTarget } from '../../src/settings/read-queue-settings.ts';

describe('queue settings', () => {
  it.each([
    [{}, { prefix: 'freshpin', jobLockMs: 30_000 }],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, { prefix: 'freshpin', jobLockMs: 30_000, redisUrl: 'redis://127.0.0.1:6379' }],
    [{ REDIS_URL: 'rediss://:pw@cache.internal:6380/2', FRESHPIN_QUEUE_PREFIX: 'fleet-b', FRESHPIN_JOB_LOCK_SECONDS: '5' }, { prefix: 'fleet-b', jobLockMs: 5_000, redisUrl: 'rediss://:pw@cache.internal:6380/2' }],
    [{ REDIS_URL: '' }, { prefix: 'freshpin', jobLockMs: 30_000 }],
  ])('%j', (env, expected) => {
    expect(readQueueSettings(env)).toEqual(expected);
  });

  it.each([
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL, got a http: URL/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL must be a redis/],
    [{ FRESHPIN_QUEUE_PREFIX: 'a:b' }, /FRESHPIN_QUEUE_PREFIX/],
    [{ FRESHPIN_JOB_LOCK_SECONDS: '0' }, /FRESHPIN_JOB_LOCK_SECONDS/],
    [{ FRESHPIN_JOB_LOCK_SECONDS: '601' }, /FRESHPIN_JOB_LOCK_SECONDS/],
  ])('refuses %j', (env, message) => {
    expect(() => readQueueSettings(env)).toThrow(message);
  });

  it('names the Redis without its password', () => {
    expect(redisTarget('rediss://user:s3cret@cache.internal:6380/2')).toBe('rediss://cache.internal:6380/2');
  });
});
