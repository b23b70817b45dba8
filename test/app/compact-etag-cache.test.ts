// The runtime's ETag cache keeps answers deflated: what comes back is what went in (JSON,
// text, bytes; a fresh copy each time), its byte budget counts the deflated size, and a body that is not JSON is
// left out instead of failing.
import { describe, expect, it } from 'vitest';
import { createCompactEtagCache } from '../../src/app/compact-etag-cache.ts';
import type { CachedResponse } from '../../src/github/conditional-cache.ts';

function response(data: unknown): CachedResponse {
  return { etag: 'W/"1"', status: 200, url: 'https://api.github.com/repos/o/r/pulls', headers: { etag: 'W/"1"', link: '<…>; rel="next"' }, data };
}

const PULL = { number: 7, head: { ref: 'freshpin/dockerfile/debian-version', repo: { full_name: 'o/r', url: 'https://api.github.com/repos/o/r' } }, body: 'x'.repeat(500), labels: [{ name: 'dependencies' }] };

describe('createCompactEtagCache', () => {
  it.each<[string, unknown]>([
    ['a JSON list', Array.from({ length: 20 }, (_, i) => ({ ...PULL, number: i }))],
    ['a JSON object with nulls', { a: null, b: [1, 'two', { c: true }] }],
    ['null', null],
    ['raw text (a config file)', 'labels: [dependencies]\nprConcurrentLimit: 10\n'],
    ['unicode text', 'naïve — ✓ 😀'],
  ])('returns %s as it was stored, with the headers', (_name, data) => {
    const cache = createCompactEtagCache();
    cache.set('GET /x', response(data));
    expect(cache.get('GET /x')?.etag).toBe('W/"1"');
    expect(cache.get('GET /x')?.read()).toEqual(response(data));
    expect(cache.get('GET /missing')).toBeUndefined();
  });

  it('reads a fresh copy each time', () => {
    const cache = createCompactEtagCache();
    cache.set('GET /x', response({ labels: ['a'] }));
    const first = cache.get('GET /x')?.read().data as { labels: string[] };
    first.labels.push('b');
    expect(cache.get('GET /x')?.read().data).toEqual({ labels: ['a'] });
  });

  it('returns bytes as an ArrayBuffer', () => {
    const cache = createCompactEtagCache();
    cache.set('a', response(new Uint8Array([1, 2, 3, 250]).buffer));
    cache.set('b', response(new Uint8Array([9, 8, 7])));
    expect(new Uint8Array(cache.get('a')?.read().data as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3, 250]));
    expect(new Uint8Array(cache.get('b')?.read().data as ArrayBuffer)).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('counts the deflated size: repetitive GitHub JSON takes a fraction of its text', () => {
    const cache = createCompactEtagCache();
    const list = Array.from({ length: 50 }, (_, i) => ({ ...PULL, number: i }));
    cache.set('GET /pulls', response(list));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBeLessThan(JSON.stringify(list).length / 10);
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });

  it("deflates a route's answers against its first sizeable one: much smaller, read back exactly", () => {
    const list = (repo: string) => Array.from({ length: 3 }, (_, i) => ({ ...PULL, number: i, head: { ...PULL.head, repo: { full_name: `o/${repo}`, url: `https://api.github.com/repos/o/${repo}` } } }));
    const alone = createCompactEtagCache();
    const shared = createCompactEtagCache();
    for (const repo of ['first', 'second']) {
      alone.set(`GET /repos/o/${repo}/pulls`, response(list(repo)));
      shared.set(`GET /repos/o/${repo}/pulls`, { ...response(list(repo)), route: '/repos/{owner}/{repo}/pulls' });
    }
    expect(shared.bytes).toBeLessThan(alone.bytes * 0.75);
    expect(shared.get('GET /repos/o/second/pulls')?.read()).toEqual(response(list('second')));
    expect(shared.get('GET /repos/o/first/pulls')?.read()).toEqual(response(list('first')));
  });

  it('reads back exactly past 64 routes (no dictionary for the rest), small answers, and after clear()', () => {
    const cache = createCompactEtagCache();
    const big = (i: number) => ({ i, text: `answer ${i} `.repeat(80) });
    for (let i = 0; i < 70; i += 1) cache.set(`GET /r${i}`, { ...response(big(i)), route: `/route-${i}/{owner}` });
    cache.set('GET /small', { ...response({ ok: true }), route: '/route-0/{owner}' });
    for (let i = 0; i < 70; i += 1) expect(cache.get(`GET /r${i}`)?.read().data).toEqual(big(i));
    expect(cache.get('GET /small')?.read().data).toEqual({ ok: true });
    cache.clear();
    cache.set('GET /r1', { ...response(big(1)), route: '/route-1/{owner}' });
    expect(cache.get('GET /r1')?.read().data).toEqual(big(1));
  });

  it('leaves out a body that is not JSON (a BigInt) rather than failing', () => {
    const cache = createCompactEtagCache();
    expect(() => cache.set('big', response({ id: 10n ** 20n }))).not.toThrow();
    expect(cache.get('big')).toBeUndefined();
  });
});
