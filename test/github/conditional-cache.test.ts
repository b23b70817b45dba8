import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { describe, expect, it } from 'vitest';
import { CACHE_HIT_HEADER, createEtagCache, installConditionalCache, routeOf } from '../../src/github/conditional-cache.ts';
import { createFreshpinOctokit } from '../../src/github/octokit-options.ts';
import { API, github, makeClient } from './make-client.ts';

describe('installConditionalCache', () => {
  it('stores a 200 with ETag, sends If-None-Match next time and serves the 304 from the cache', async () => {
    const octokit = makeClient();
    const cache = installConditionalCache(octokit);
    github().get('/repos/o/r').reply(200, { default_branch: 'main' }, { etag: '"abc"' });
    github()
      .get('/repos/o/r')
      .matchHeader('if-none-match', '"abc"')
      .reply(304, '', { etag: '"abc"' });
    const first = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    const second = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(first.headers[CACHE_HIT_HEADER]).toBeUndefined();
    expect(second.status).toBe(200);
    expect(second.data).toEqual({ default_branch: 'main' });
    expect(second.headers[CACHE_HIT_HEADER]).toBe('hit');
    expect(cache.size).toBe(1);
  });

  it('replaces the entry when the resource changed', async () => {
    const octokit = makeClient();
    installConditionalCache(octokit);
    github().get('/repos/o/r').reply(200, { v: 1 }, { etag: '"1"' });
    github().get('/repos/o/r').matchHeader('if-none-match', '"1"').reply(200, { v: 2 }, { etag: '"2"' });
    github().get('/repos/o/r').matchHeader('if-none-match', '"2"').reply(304, '');
    await octokit.request('GET /repos/o/r');
    expect((await octokit.request('GET /repos/o/r')).data).toEqual({ v: 2 });
    expect((await octokit.request('GET /repos/o/r')).data).toEqual({ v: 2 });
  });

  it('keys on the query string and Accept, and not on the token', async () => {
    const cache = createEtagCache();
    const first = new ProbotOctokit({ auth: { token: 'one' }, retry: { enabled: false }, throttle: { enabled: false } });
    const second = new ProbotOctokit({ auth: { token: 'two' }, retry: { enabled: false }, throttle: { enabled: false } });
    installConditionalCache(first, cache);
    installConditionalCache(second, cache);
    github().get('/repos/o/r/pulls').query({ state: 'open' }).reply(200, [1], { etag: '"open"' });
    github()
      .get('/repos/o/r/pulls')
      .query({ state: 'closed' })
      .reply(200, [2], { etag: '"closed"' });
    github().get('/repos/o/r/pulls').query({ state: 'open' }).matchHeader('if-none-match', '"open"').reply(304, '');
    await first.request('GET /repos/o/r/pulls', { state: 'open' });
    await first.request('GET /repos/o/r/pulls', { state: 'closed' });
    const hit = await second.request('GET /repos/o/r/pulls', { state: 'open' });
    expect(hit.data).toEqual([1]);
    expect(cache.size).toBe(2);

    nock(API, { badheaders: ['if-none-match'] }).get('/repos/o/r/pulls').query({ state: 'open' }).reply(200, 'raw', { etag: '"raw"' });
    await first.request('GET /repos/o/r/pulls', { state: 'open', mediaType: { format: 'raw' } });
    expect(cache.size).toBe(3);
  });

  it('does not touch writes, and passes a 304 through when nothing is cached', async () => {
    const octokit = makeClient();
    const cache = installConditionalCache(octokit);
    const unconditional = nock(API, { badheaders: ['if-none-match'] });
    unconditional.post('/repos/o/r/issues').reply(201, { number: 1 }, { etag: '"x"' });
    unconditional.get('/repos/o/r').reply(304, '');
    await octokit.request('POST /repos/o/r/issues', { title: 't' });
    await expect(octokit.request('GET /repos/o/r')).rejects.toMatchObject({ status: 304 });
    expect(cache.size).toBe(0);
  });

  it('returns copies, so a caller mutating data does not poison the cache', async () => {
    const octokit = makeClient();
    installConditionalCache(octokit);
    github().get('/repos/o/r').reply(200, { labels: ['a'] }, { etag: '"1"' });
    github().get('/repos/o/r').twice().reply(304, '');
    await octokit.request('GET /repos/o/r');
    const hit = await octokit.request('GET /repos/o/r');
    (hit.data as { labels: string[] }).labels.push('b');
    expect((await octokit.request('GET /repos/o/r')).data).toEqual({ labels: ['a'] });
  });

  it('keeps a snapshot: mutating the first answer after it was stored does not change later ones', async () => {
    const octokit = makeClient();
    installConditionalCache(octokit);
    github().get('/repos/o/r').reply(200, { labels: ['a'] }, { etag: '"1"' });
    github().get('/repos/o/r').reply(304, '');
    const first = await octokit.request('GET /repos/o/r');
    (first.data as { labels: string[] }).labels.push('b');
    expect((await octokit.request('GET /repos/o/r')).data).toEqual({ labels: ['a'] });
  });

  it('answers from the cache with the headers that describe the body (paging links, media type), not stale per-response ones', async () => {
    const octokit = makeClient();
    installConditionalCache(octokit);
    const link = '<https://api.github.com/repos/o/r/pulls?page=2>; rel="next"';
    github()
      .get('/repos/o/r/pulls')
      .reply(200, [1], { etag: '"p1"', link, 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', 'x-github-request-id': 'A:B', date: 'Mon, 23 Nov 2026 06:00:00 GMT' });
    github().get('/repos/o/r/pulls').matchHeader('if-none-match', '"p1"').reply(304, '', { 'x-ratelimit-remaining': '4998' });
    await octokit.request('GET /repos/o/r/pulls');
    const hit = await octokit.request('GET /repos/o/r/pulls');
    expect(hit.headers).toEqual({ etag: '"p1"', link, 'content-type': 'application/json; charset=utf-8', [CACHE_HIT_HEADER]: 'hit' });
  });
});

describe('routeOf', () => {
  it.each([
    ['/repos/{owner}/{repo}/pulls', 'https://api.github.com/repos/o/r/pulls?state=open', '/repos/{owner}/{repo}/pulls'],
    ['https://api.github.com/repos/o/r/issues?state=open&page=2', 'https://api.github.com/repos/o/r/issues?state=open&page=2', '/repos/{owner}/{repo}/issues'],
    [undefined, 'http://127.0.0.1:3000/api/v3/repos/org-1/svc-2/pulls/17/commits', '/repos/{owner}/{repo}/pulls/{id}/commits'],
    [undefined, 'https://api.github.com/repositories/123/pulls?page=3', '/repositories/{id}/pulls'],
    [undefined, `https://ghe.example.com/api/v3/repos/o/r/commits/${'b'.repeat(40)}/check-runs`, '/repos/{owner}/{repo}/commits/{sha}/check-runs'],
  ])('%s (%s) is %s', (template, expanded, route) => {
    expect(routeOf(template, expanded)).toBe(route);
  });
});

describe('git objects addressed by SHA', () => {
  const SHA = 'a'.repeat(40);
  it.each([
    ['a commit', `/repos/o/r/git/commits/${SHA}`],
    ['a blob', `/repos/o/r/git/blobs/${SHA}`],
  ])('%s never changes and is read once: read without If-None-Match and not kept', async (_name, path) => {
    const octokit = makeClient();
    const cache = installConditionalCache(octokit);
    nock(API, { badheaders: ['if-none-match'] }).get(path).twice().reply(200, { sha: SHA }, { etag: '"immutable"' });
    await octokit.request(`GET ${path}`);
    await octokit.request(`GET ${path}`);
    expect(cache.size).toBe(0);
  });

  it.each([
    ['a tree', `/repos/o/r/git/trees/${SHA}`, { recursive: '1' }],
    ['contents at a commit', '/repos/o/r/contents/Dockerfile', { ref: SHA }],
    ['contents at a branch', '/repos/o/r/contents/Dockerfile', { ref: 'main' }],
  ])('%s is kept: read again, it costs a 304', async (_name, path, query) => {
    const octokit = makeClient();
    const cache = installConditionalCache(octokit);
    github().get(path).query(query).reply(200, { sha: SHA }, { etag: '"1"' });
    github().get(path).query(query).matchHeader('if-none-match', '"1"').reply(304, '');
    await octokit.request(`GET ${path}`, query);
    expect((await octokit.request(`GET ${path}`, query)).headers[CACHE_HIT_HEADER]).toBe('hit');
    expect(cache.size).toBe(1);
  });
});

describe('an entry replaced or evicted while its request is out', () => {
  it('still answers the 304 with what was sent for', async () => {
    const octokit = makeClient();
    const cache = installConditionalCache(octokit, createEtagCache({ maxEntries: 1 }));
    github().get('/repos/o/r').reply(200, { v: 1 }, { etag: '"1"' });
    github()
      .get('/repos/o/r')
      .matchHeader('if-none-match', '"1"')
      .delay(20)
      .reply(304, '');
    github().get('/repos/o/other').reply(200, { other: true }, { etag: '"o"' });
    await octokit.request('GET /repos/o/r');
    const pending = octokit.request('GET /repos/o/r');
    await octokit.request('GET /repos/o/other'); // evicts /repos/o/r (one entry at most)
    expect((await pending).data).toEqual({ v: 1 });
    expect(cache.size).toBe(1);
  });
});

describe('with the retry and throttle plugins on', () => {
  it('serves the 304 from the cache without a retry', async () => {
    const Octokit = createFreshpinOctokit({ retryBaseMs: 1, throttle: { msPerSecond: 1 } });
    const octokit = new Octokit({ auth: { token: 't' } });
    installConditionalCache(octokit);
    github().get('/repos/o/r').reply(200, { id: 1 }, { etag: '"1"' });
    github().get('/repos/o/r').once().matchHeader('if-none-match', '"1"').reply(304, '');
    await octokit.request('GET /repos/o/r');
    const hit = await octokit.request('GET /repos/o/r');
    expect(hit.headers[CACHE_HIT_HEADER]).toBe('hit');
    expect(hit.data).toEqual({ id: 1 });
  });
});

describe('createEtagCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createEtagCache({ maxEntries: 2 });
    const entry = (etag: string) => ({ etag, status: 200, url: '', headers: {}, data: etag });
    cache.set('a', entry('a'));
    cache.set('b', entry('b'));
    cache.get('a');
    cache.set('c', entry('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.etag).toBe('a');
    expect(cache.get('c')?.etag).toBe('c');
    expect(cache.size).toBe(2);
  });

  it('bounds the bytes held and skips bodies over a quarter of the budget', () => {
    const cache = createEtagCache({ maxBytes: 100 });
    const entry = (data: string) => ({ etag: data, status: 200, url: '', headers: {}, data });
    cache.set('big', entry('x'.repeat(30)));
    expect(cache.size).toBe(0);
    cache.set('a', entry('a'.repeat(20)));
    cache.set('b', entry('b'.repeat(20)));
    cache.set('c', entry('c'.repeat(20)));
    cache.set('d', entry('d'.repeat(20)));
    cache.set('e', entry('e'.repeat(25)));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBeLessThanOrEqual(100);
    expect(cache.size).toBe(4);
  });
});
