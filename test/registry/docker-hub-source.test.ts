import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTagSource } from '../../src/registry/create-tag-source.ts';
import type { CreateTagSourceOptions } from '../../src/registry/create-tag-source.ts';
import type { RequestEvent } from '../../src/registry/http-client.ts';
import { RegistryAuthError, RegistryResponseError, RegistryUnavailableError } from '../../src/registry/registry-errors.ts';

const HUB = 'https://hub.docker.com';
const REGISTRY = 'https://registry-1.docker.io';
const AUTH = 'https://auth.docker.io';
const DEBIAN = { registry: 'docker.io', repository: 'library/debian' };
const ELIXIR = { registry: 'docker.io', repository: 'hexpm/elixir' };
const TAGS_PATH = '/v2/namespaces/library/repositories/debian/tags';
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

function hubTag(name: string, images: { architecture: string; os: string; variant?: string }[] = [{ architecture: 'amd64', os: 'linux' }]) {
  return { name, digest: DIGEST_A, tag_status: 'active', images: images.map((img) => ({ status: 'active', digest: DIGEST_B, ...img })) };
}

function page(names: string[], next: string | null = null) {
  return { count: 999, next, previous: null, results: names.map((name) => hubTag(name)) };
}

function makeSource(extra: CreateTagSourceOptions = {}) {
  const waits: number[] = [];
  const events: RequestEvent[] = [];
  const source = createTagSource({
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    onRequest: (event) => events.push(event),
    ...extra,
  });
  return { source, waits, events };
}

describe('Docker Hub listing', () => {
  it('sends the name filter, follows same-origin pages and filters by prefix client-side', async () => {
    nock(HUB)
      .get(TAGS_PATH)
      .query({ page_size: '100', name: 'bookworm-' })
      .reply(200, page(['bookworm-20250101', 'trixie-bookworm-x'], `${HUB}${TAGS_PATH}?page=2&page_size=100&name=bookworm-`))
      .get(TAGS_PATH)
      .query({ page: '2', page_size: '100', name: 'bookworm-' })
      .reply(200, page(['bookworm-20241201-slim']));
    const { source } = makeSource();
    const listing = await source.listTags(DEBIAN, 'bookworm-');
    expect(listing).toEqual({
      complete: true,
      tags: [
        { name: 'bookworm-20250101', digest: DIGEST_A, platforms: ['linux/amd64'] },
        { name: 'bookworm-20241201-slim', digest: DIGEST_A, platforms: ['linux/amd64'] },
      ],
    });
  });

  it('maps images to platforms, with variants, without attestations', async () => {
    const images = [
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux', variant: 'v8' },
      { architecture: 'unknown', os: 'unknown' },
      { architecture: 'arm', os: 'linux', variant: 'v7' },
    ];
    nock(HUB)
      .get(TAGS_PATH)
      .query(true)
      .reply(200, { next: null, results: [hubTag('12.1', images), { name: 'no-images' }, { bogus: true }] });
    const { source } = makeSource();
    expect((await source.listTags(DEBIAN, '')).tags).toEqual([
      { name: '12.1', digest: DIGEST_A, platforms: ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'] },
      { name: 'no-images' },
    ]);
  });

  it('stops at the page cap and says the listing is incomplete', async () => {
    const path = '/v2/namespaces/hexpm/repositories/elixir/tags';
    nock(HUB)
      .get(path)
      .query({ page_size: '100', name: '1.18' })
      .reply(200, page(['1.18.0-erlang-27'], `${HUB}${path}?page=2&page_size=100&name=1.18`))
      .get(path)
      .query({ page: '2', page_size: '100', name: '1.18' })
      .reply(200, page(['1.18.1-erlang-27'], `${HUB}${path}?page=3&page_size=100&name=1.18`));
    const { source, events } = makeSource({ pageCap: 2 });
    const listing = await source.listTags(ELIXIR, '1.18');
    expect(listing.complete).toBe(false);
    expect(listing.tags.map((t) => t.name)).toEqual(['1.18.0-erlang-27', '1.18.1-erlang-27']);
    expect(events).toHaveLength(2);
  });

  it('puts the name filter back on a next link that lost it', async () => {
    nock(HUB)
      .get(TAGS_PATH)
      .query({ page_size: '100', name: 'bookworm' })
      .reply(200, page(['bookworm'], `${HUB}${TAGS_PATH}?page=2&page_size=100`))
      .get(TAGS_PATH)
      .query({ page: '2', page_size: '100', name: 'bookworm' })
      .reply(200, page([]));
    const { source } = makeSource();
    expect((await source.listTags(DEBIAN, 'bookworm')).complete).toBe(true);
  });

  it('does not follow a next link on another origin', async () => {
    nock(HUB)
      .get(TAGS_PATH)
      .query(true)
      .reply(200, page(['bookworm'], `https://evil.example.com${TAGS_PATH}?page=2`));
    const { source } = makeSource();
    expect(await source.listTags(DEBIAN, 'bookworm')).toEqual({ complete: false, tags: [expect.objectContaining({ name: 'bookworm' })] });
  });

  it.each([
    ['Retry-After', () => ({ 'retry-after': '12' }), [12_000, 12_000]],
    ['X-Retry-After', () => ({ 'x-retry-after': String(Math.floor(Date.now() / 1000) + 30) }), [28_000, 30_000]],
  ] as const)('waits as a 429 with %s asks, then retries', async (_name, headers, [min, max]) => {
    nock(HUB).get(TAGS_PATH).query(true).reply(429, 'slow down', headers()).get(TAGS_PATH).query(true).reply(200, page(['bookworm']));
    const { source, waits } = makeSource();
    expect((await source.listTags(DEBIAN, 'bookworm')).tags).toHaveLength(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(min);
    expect(waits[0]).toBeLessThanOrEqual(max);
  });

  it('fails as rate limited when the 429 wait is over the cap', async () => {
    const reset = Math.floor(Date.now() / 1000) + 6 * 3600;
    nock(HUB).get(TAGS_PATH).query(true).reply(429, '', { 'x-retry-after': String(reset) });
    const { source, waits } = makeSource({ maxRetryAfterMs: 60_000 });
    const error = await source.listTags(DEBIAN, 'bookworm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(String(error)).toMatch(/rate limited/);
    expect(waits).toEqual([]);
  });

  it('retries a 5xx, then succeeds', async () => {
    nock(HUB).get(TAGS_PATH).query(true).reply(502).get(TAGS_PATH).query(true).reply(200, page(['bookworm']));
    const { source, waits } = makeSource();
    expect((await source.listTags(DEBIAN, 'bookworm')).tags).toHaveLength(1);
    expect(waits).toEqual([500]);
  });

  it('fails with RegistryUnavailableError when 5xx outlasts the retries', async () => {
    nock(HUB).get(TAGS_PATH).query(true).times(4).reply(503);
    const { source, waits } = makeSource();
    const error = await source.listTags(DEBIAN, 'bookworm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as RegistryUnavailableError).registry).toBe('docker.io');
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['no results', { next: null }],
    ['results not a list', { results: 'many' }],
  ])('answers RegistryResponseError for garbage: %s', async (_name, body) => {
    nock(HUB).get(TAGS_PATH).query(true).reply(200, body);
    const { source } = makeSource();
    await expect(source.listTags(DEBIAN, 'bookworm')).rejects.toBeInstanceOf(RegistryResponseError);
  });

  it('answers RegistryResponseError for an unexpected status', async () => {
    nock(HUB).get(TAGS_PATH).query(true).reply(418);
    const { source } = makeSource();
    await expect(source.listTags(DEBIAN, 'bookworm')).rejects.toThrow(/unexpected status 418/);
  });

  it('lists a missing repository as empty', async () => {
    nock(HUB).get('/v2/namespaces/nobody/repositories/nothing/tags').query(true).reply(404, { message: 'object not found' });
    const { source } = makeSource();
    expect(await source.listTags({ registry: 'docker.io', repository: 'nobody/nothing' }, 'x')).toEqual({ tags: [], complete: true });
  });

  it('uses a configured Hub API URL', async () => {
    nock('https://hub.internal.example').get(TAGS_PATH).query(true).reply(200, page(['bookworm']));
    const { source } = makeSource({ hubApiUrl: 'https://hub.internal.example/' });
    expect((await source.listTags(DEBIAN, 'bookworm')).tags).toHaveLength(1);
  });
});

describe('Docker Hub describeTag', () => {
  const challenge = `Bearer realm="${AUTH}/token",service="registry.docker.io",scope="repository:library/debian:pull"`;

  it('HEADs the manifest with a bearer token from the challenge, then asks the Hub for platforms', async () => {
    nock(REGISTRY)
      .head('/v2/library/debian/manifests/bookworm-20250101')
      .reply(401, '', { 'www-authenticate': challenge })
      .head('/v2/library/debian/manifests/bookworm-20250101')
      .matchHeader('authorization', 'Bearer tok-1')
      .matchHeader('accept', /application\/vnd\.oci\.image\.index\.v1\+json/)
      .reply(200, '', { 'docker-content-digest': DIGEST_A })
      // The second tag reuses the cached token: no second challenge, no second token.
      .head('/v2/library/debian/manifests/nope')
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(404);
    nock(AUTH, { badheaders: ['authorization'] })
      .get('/token')
      .query({ service: 'registry.docker.io', scope: 'repository:library/debian:pull' })
      .reply(200, { token: 'tok-1', expires_in: 300 });
    nock(HUB)
      .get(`${TAGS_PATH}/bookworm-20250101`)
      .reply(200, hubTag('bookworm-20250101', [{ architecture: 'amd64', os: 'linux' }, { architecture: 'arm64', os: 'linux', variant: 'v8' }, { architecture: 'unknown', os: 'unknown' }]));
    const { source, events } = makeSource();
    expect(await source.describeTag(DEBIAN, 'bookworm-20250101')).toEqual({ exists: true, digest: DIGEST_A, platforms: ['linux/amd64', 'linux/arm64/v8'] });
    expect(await source.describeTag(DEBIAN, 'nope')).toEqual({ exists: false });
    expect(events.filter((e) => e.method === 'GET' && e.url.startsWith(REGISTRY))).toEqual([]);
  });

  it('sends docker.io credentials to the token realm when configured', async () => {
    nock(REGISTRY)
      .head('/v2/library/debian/manifests/12')
      .reply(401, '', { 'www-authenticate': challenge })
      .head('/v2/library/debian/manifests/12')
      .matchHeader('authorization', 'Bearer tok-2')
      .reply(200, '', { 'docker-content-digest': DIGEST_A });
    nock(AUTH).get('/token').query(true).basicAuth({ user: 'me', pass: 'pat' }).reply(200, { access_token: 'tok-2' });
    nock(HUB).get(`${TAGS_PATH}/12`).reply(404);
    const { source } = makeSource({ credentials: { 'docker.io': { username: 'me', password: 'pat' } } });
    expect(await source.describeTag(DEBIAN, '12')).toEqual({ exists: true, digest: DIGEST_A, platforms: [] });
  });

  it('reports a refused token as RegistryAuthError without the secret', async () => {
    nock(REGISTRY).head('/v2/library/debian/manifests/12').reply(401, '', { 'www-authenticate': challenge });
    nock(AUTH).get('/token').query(true).reply(401, { details: 'incorrect username or password' });
    const { source } = makeSource({ credentials: { 'docker.io': { username: 'me', password: 'hunter2' } } });
    const error = await source.describeTag(DEBIAN, '12').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(String(error)).not.toMatch(/hunter2/);
  });

  it('HEADs through a mirror while listing through the Hub API', async () => {
    nock('https://mirror.example.com').head('/v2/library/debian/manifests/12').reply(200, '', { 'docker-content-digest': DIGEST_B });
    nock(HUB).get(`${TAGS_PATH}/12`).reply(200, hubTag('12'));
    const { source } = makeSource({ mirrors: { 'docker.io': 'https://mirror.example.com' } });
    expect(await source.describeTag(DEBIAN, '12')).toEqual({ exists: true, digest: DIGEST_B, platforms: ['linux/amd64'] });
  });
});
