import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { backoff, createRegistryHttp, describeUrl, parseRetryAfter } from '../../src/registry/http-client.ts';
import type { RequestEvent } from '../../src/registry/http-client.ts';
import { RegistryUnavailableError } from '../../src/registry/registry-errors.ts';

const ORIGIN = 'https://registry.example.com';

/** nock needs an Error instance (not a plain object) for got to see the failure. */
function networkError(code: string): Error {
  return Object.assign(new Error(code), { code });
}
const NOW = Date.parse('2025-06-01T12:00:00Z');

function makeHttp(extra: Parameters<typeof createRegistryHttp>[0] = {}) {
  const waits: number[] = [];
  const events: RequestEvent[] = [];
  const http = createRegistryHttp({
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    now: () => NOW,
    onRequest: (event) => events.push(event),
    ...extra,
  });
  const get = (path = '/v2/') => http({ registry: 'example', method: 'GET', url: `${ORIGIN}${path}` });
  return { http, get, waits, events };
}

describe('parseRetryAfter', () => {
  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': new Date(NOW + 12_000).toUTCString() }, 12_000],
    [{ 'retry-after': new Date(NOW - 5_000).toUTCString() }, 0],
    [{ 'x-retry-after': String(NOW / 1000 + 30) }, 30_000],
    [{ 'retry-after': '5', 'x-retry-after': String(NOW / 1000 + 9) }, 9000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (headers, expected) => {
    expect(parseRetryAfter(headers, NOW)).toBe(expected);
  });
});

describe('backoff', () => {
  it.each([
    [0, 0, 250],
    [0, 0.5, 500],
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [10, 0.5, 10_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoff(attempt, 500, () => random)).toBe(expected);
  });
});

describe('describeUrl', () => {
  it('drops user info and query', () => {
    expect(describeUrl('https://user:secret@auth.example.com/token?account=me&scope=x')).toBe('https://auth.example.com/token');
  });
});

describe('createRegistryHttp', () => {
  it('returns non-retryable statuses as they are and reports each attempt', async () => {
    nock(ORIGIN).get('/v2/').reply(404, 'nope');
    const { get, events } = makeHttp();
    const response = await get();
    expect(response.status).toBe(404);
    expect(response.body).toBe('nope');
    expect(events).toEqual([{ registry: 'example', method: 'GET', url: `${ORIGIN}/v2/`, status: 404 }]);
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    nock(ORIGIN).get('/v2/').times(2).reply(503).get('/v2/').reply(200, 'ok');
    const { get, waits, events } = makeHttp();
    expect((await get()).body).toBe('ok');
    expect(waits).toEqual([500, 1000]);
    expect(events.map((e) => e.status)).toEqual([503, 503, 200]);
  });

  it('gives up after the retry limit with RegistryUnavailableError', async () => {
    nock(ORIGIN).get('/v2/').times(4).reply(502);
    const { get, waits } = makeHttp();
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as RegistryUnavailableError).registry).toBe('example');
    expect((error as Error).message).toMatch(/server error 502 after 4 attempts/);
    expect(waits).toHaveLength(3);
  });

  it('retries network errors and reports them without a status', async () => {
    nock(ORIGIN).get('/v2/').replyWithError(networkError('ECONNRESET')).get('/v2/').reply(200, 'ok');
    const { get, events } = makeHttp();
    expect((await get()).status).toBe(200);
    expect(events[0]).toEqual({ registry: 'example', method: 'GET', url: `${ORIGIN}/v2/` });
  });

  it('maps a persistent network error to RegistryUnavailableError', async () => {
    nock(ORIGIN).get('/v2/').times(2).replyWithError(networkError('ECONNREFUSED'));
    const { get } = makeHttp({ retryLimit: 1 });
    await expect(get()).rejects.toThrow(/network error ECONNREFUSED after 2 attempts/);
  });

  it('times out a slow attempt', async () => {
    nock(ORIGIN).get('/v2/').delay(500).reply(200, 'late');
    const { get } = makeHttp({ retryLimit: 0, timeouts: { requestMs: 50 } });
    await expect(get()).rejects.toThrow(RegistryUnavailableError);
  });

  it.each([
    ['Retry-After seconds', { 'retry-after': '7' }, 7000],
    ['Retry-After HTTP date', { 'retry-after': new Date(NOW + 20_000).toUTCString() }, 20_000],
    ['X-Retry-After epoch seconds', { 'x-retry-after': String(NOW / 1000 + 42) }, 42_000],
    ['no hint (backoff)', {}, 500],
  ])('honours 429 with %s', async (_name, headers, wait) => {
    nock(ORIGIN).get('/v2/').reply(429, '', headers).get('/v2/').reply(200, 'ok');
    const { get, waits } = makeHttp();
    expect((await get()).body).toBe('ok');
    expect(waits).toEqual([wait]);
  });

  it('fails at once when the 429 wait exceeds the cap', async () => {
    nock(ORIGIN).get('/v2/').reply(429, '', { 'retry-after': '3600' });
    const { get, waits } = makeHttp();
    await expect(get()).rejects.toThrow(/rate limited \(retry after 3600 s exceeds the 60 s cap\)/);
    expect(waits).toEqual([]);
  });

  it('fails as rate limited when 429s outlast the retries', async () => {
    nock(ORIGIN).get('/v2/').times(4).reply(429, '', { 'retry-after': '1' });
    const { get, waits } = makeHttp();
    await expect(get()).rejects.toThrow(/rate limited \(429\) after 4 attempts/);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('stops when the next wait would pass the overall deadline', async () => {
    nock(ORIGIN).get('/v2/').reply(429, '', { 'retry-after': '30' });
    const { get } = makeHttp({ timeouts: { deadlineMs: 10_000 } });
    await expect(get()).rejects.toThrow(/would pass the deadline/);
  });

  it('never puts request headers in errors', async () => {
    nock(ORIGIN).get('/v2/').query(true).reply(500);
    const { http } = makeHttp({ retryLimit: 0 });
    const error = await http({ registry: 'example', method: 'GET', url: `${ORIGIN}/v2/?token=abc`, headers: { authorization: 'Bearer s3cret' } }).catch((e: unknown) => e);
    expect(String(error)).not.toMatch(/s3cret|abc/);
  });
});
