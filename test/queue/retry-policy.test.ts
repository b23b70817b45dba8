import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, describeError, isTransient, retryAfterMs } from '../../src/queue/retry-policy.ts';

const http = (status: number, message = 'x', headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { headers } });

describe('retry policy', () => {
  it.each([
    ['500', http(500), true],
    ['502 on POST /pulls', http(502, 'Bad Gateway'), true],
    ['503', http(503), true],
    ['429', http(429), true],
    ['403 secondary rate limit', http(403, 'You have exceeded a secondary rate limit'), true],
    ['403 with Retry-After', http(403, 'forbidden', { 'retry-after': '60' }), true],
    ['403 permission', http(403, 'Resource not accessible by integration'), false],
    ['404 deleted repository', http(404, 'Not Found'), false],
    ['422 validation', http(422, 'Validation Failed'), false],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), true],
    ['reset as a cause', new Error('fetch failed', { cause: Object.assign(new Error('socket'), { code: 'UND_ERR_SOCKET' }) }), true],
    ['a bug', new TypeError('cannot read properties of undefined'), false],
  ])('%s: transient is %s', (_label, error, transient) => {
    expect(isTransient(error)).toBe(transient);
  });

  it.each([
    [{ 'retry-after': '7' }, 7_000],
    [{ 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 10_000],
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' }, 30_000],
    [{}, undefined],
  ])('Retry-After from %j is %s ms', (headers, ms) => {
    expect(retryAfterMs(http(503, 'x', headers), 0)).toBe(ms);
  });

  it('backs off exponentially with jitter, within the cap', () => {
    const options = { baseMs: 1_000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options, 1))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
  });

  it('decides: retry transient within the attempts, not permanent nor exhausted', () => {
    expect(decideRetry(http(502), 1, 3, { baseMs: 100, maxMs: 1_000 }, 1)).toEqual({ retry: true, delayMs: 100 });
    expect(decideRetry(http(502, 'x', { 'retry-after': '2' }), 1, 3, { baseMs: 100, maxMs: 60_000 }, 0)).toEqual({ retry: true, delayMs: 2_000 });
    expect(decideRetry(http(502), 3, 3)).toMatchObject({ retry: false, reason: expect.stringMatching(/^gave up after 3 tries/) });
    expect(decideRetry(http(404, 'Not Found'), 1, 3)).toMatchObject({ retry: false, reason: expect.stringMatching(/^permanent: Error 404/) });
  });

  it('describes errors without tokens', () => {
    expect(describeError(new Error('bad ghs_abcdefABCDEF123 here'))).toBe('Error: bad [token] here');
  });
});
