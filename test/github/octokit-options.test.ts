import { describe, expect, it } from 'vitest';
import { classifyGitHubError } from '../../src/github/github-errors.ts';
import { createFreshpinOctokit, freshpinOctokitOptions, installRequestCounter, mergeFreshpinOptions, type RateLimitEvent, type RequestCountEvent } from '../../src/github/octokit-options.ts';
import { installConditionalCache } from '../../src/github/conditional-cache.ts';
import { github } from './make-client.ts';

const SECONDARY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

function retryingClient() {
  const Octokit = createFreshpinOctokit({ retries: 2, retryBaseMs: 1 });
  return new Octokit({ auth: { token: 't' }, throttle: { enabled: false } });
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return classifyGitHubError(error);
  }
  throw new Error('expected a failure');
}

describe('retries', () => {
  it('retries a GET answered 502', async () => {
    github().get('/repos/o/r').reply(502, 'bad gateway').get('/repos/o/r').reply(200, { id: 1 });
    const response = await retryingClient().request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(response.data).toMatchObject({ id: 1 });
  });

  it('does not retry a POST answered 502 (only one interceptor: a retry would fail differently)', async () => {
    github().post('/repos/o/r/git/refs').reply(502, { message: 'Server Error' });
    const failure = await failureOf(retryingClient().request('POST /repos/{owner}/{repo}/git/refs', { owner: 'o', repo: 'r', ref: 'refs/heads/x', sha: 'a'.repeat(40) }));
    expect(failure).toMatchObject({ kind: 'unavailable', status: 502 });
  });

  it.each([
    ['PUT', '/repos/o/r/pulls/1/merge', 405],
    ['PUT', '/repos/o/r/pulls/1/merge', 409],
    ['GET', '/repos/o/r', 409],
    ['GET', '/repos/o/r', 422],
    ['GET', '/repos/o/r', 404],
  ] as const)('does not retry %s %s answered %i', async (method, path, status) => {
    github().intercept(path, method).reply(status, { message: 'no' });
    const failure = await failureOf(retryingClient().request(`${method} ${path}`));
    expect(failure.status).toBe(status);
  });

  it('gives up on a GET after the configured retries', async () => {
    github().get('/repos/o/r').times(3).reply(503, { message: 'Unavailable' });
    const failure = await failureOf(retryingClient().request('GET /repos/o/r'));
    expect(failure).toMatchObject({ kind: 'unavailable', status: 503 });
  });
});

describe('rate limits', () => {
  function throttledClient(events: RateLimitEvent[], maxWaitSeconds = 120) {
    const Octokit = createFreshpinOctokit({ throttle: { msPerSecond: 1, maxRetries: 2, maxWaitSeconds, onLimit: (event) => events.push(event) } });
    return new Octokit({ auth: { token: 't' }, retry: { enabled: false } });
  }

  it('waits out a 403 secondary limit with retry-after, then retries', async () => {
    github().get('/repos/o/r').reply(403, SECONDARY, { 'retry-after': '7' }).get('/repos/o/r').reply(200, { id: 2 });
    const events: RateLimitEvent[] = [];
    const response = await throttledClient(events).request('GET /repos/o/r');
    expect(response.data).toMatchObject({ id: 2 });
    expect(events).toEqual([{ kind: 'secondary', method: 'GET', url: '/repos/o/r', retryAfterSeconds: 7, retryCount: 0, willRetry: true }]);
  });

  it('waits out a primary limit until x-ratelimit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 5;
    github()
      .get('/repos/o/r')
      .reply(403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) })
      .get('/repos/o/r')
      .reply(200, { id: 3 });
    const events: RateLimitEvent[] = [];
    await throttledClient(events).request('GET /repos/o/r');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'primary', willRetry: true });
  });

  it('gives up when retry-after is longer than the longest wait, as rate-limited', async () => {
    github().get('/repos/o/r').reply(403, SECONDARY, { 'retry-after': '3600' });
    const events: RateLimitEvent[] = [];
    const failure = await failureOf(throttledClient(events, 60).request('GET /repos/o/r'));
    expect(failure).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 3600 });
    expect(events[0]?.willRetry).toBe(false);
  });

  it('gives up after maxRetries', async () => {
    github().get('/repos/o/r').times(3).reply(403, SECONDARY, { 'retry-after': '1' });
    const events: RateLimitEvent[] = [];
    const failure = await failureOf(throttledClient(events).request('GET /repos/o/r'));
    expect(failure.kind).toBe('rate-limited');
    expect(events.map((event) => event.willRetry)).toEqual([true, true, false]);
  });
});

describe('options', () => {
  it('keeps given throttle settings and overrides the handlers', () => {
    const given = { throttle: { enabled: false, id: 'x', onRateLimit: () => false, onSecondaryRateLimit: () => false }, retry: { enabled: false } };
    const merged = mergeFreshpinOptions(given);
    expect(merged.retry).toMatchObject({ enabled: false, doNotRetry: expect.arrayContaining([405, 409, 422]) });
    expect(merged.throttle).toMatchObject({ enabled: false, id: 'x' });
    expect(merged.throttle?.onRateLimit).toBe(merged.throttle?.onRateLimit);
    expect(merged.throttle?.onRateLimit).not.toBe(given.throttle.onRateLimit);
    expect(freshpinOctokitOptions().retry.retries).toBe(3);
  });
});

describe('installRequestCounter', () => {
  it('reports method, route, status and cache hits', async () => {
    const Octokit = createFreshpinOctokit();
    const octokit = new Octokit({ auth: { token: 't' }, retry: { enabled: false }, throttle: { enabled: false } });
    installConditionalCache(octokit);
    const events: RequestCountEvent[] = [];
    installRequestCounter(octokit, (event) => events.push(event));
    github()
      .get('/repos/o/r')
      .reply(200, { id: 1 }, { etag: 'W/"1"' })
      .get('/repos/o/r')
      .reply(304, '')
      .get('/repos/o/missing')
      .reply(404, { message: 'Not Found' });
    await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'missing' })).rejects.toMatchObject({ status: 404 });
    expect(events.map(({ method, route, status, fromCache }) => ({ method, route, status, fromCache }))).toEqual([
      { method: 'GET', route: '/repos/{owner}/{repo}', status: 200, fromCache: false },
      { method: 'GET', route: '/repos/{owner}/{repo}', status: 304, fromCache: true },
      { method: 'GET', route: '/repos/{owner}/{repo}', status: 404, fromCache: false },
    ]);
  });
});
