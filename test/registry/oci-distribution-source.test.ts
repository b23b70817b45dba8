import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createTagSource } from '../../src/registry/create-tag-source.ts';
import type { CreateTagSourceOptions } from '../../src/registry/create-tag-source.ts';
import type { RequestEvent } from '../../src/registry/http-client.ts';
import { RegistryAuthError, RegistryResponseError } from '../../src/registry/registry-errors.ts';

const GHCR = 'https://ghcr.io';
const IMAGE = { registry: 'ghcr.io', repository: 'acme/base' };
const LIST = '/v2/acme/base/tags/list';
const CHALLENGE = 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/base:pull"';
const INDEX_DIGEST = `sha256:${'1'.repeat(64)}`;
const MANIFEST_DIGEST = `sha256:${'2'.repeat(64)}`;
const CONFIG_DIGEST = `sha256:${'3'.repeat(64)}`;

function makeSource(extra: CreateTagSourceOptions = {}) {
  const events: RequestEvent[] = [];
  const source = createTagSource({ sleep: async () => {}, random: () => 0.5, onRequest: (event) => events.push(event), ...extra });
  return { source, events };
}

describe('OCI listing', () => {
  it('follows Link pagination and filters by prefix', async () => {
    nock(GHCR)
      .get(LIST)
      .query({ n: '1000' })
      .reply(200, { name: 'acme/base', tags: ['1.0', 'v2-20250101', 'v2-20250201'] }, { link: `<${LIST}?last=v2-20250201&n=1000>; rel="next"` })
      .get(LIST)
      .query({ last: 'v2-20250201', n: '1000' })
      .reply(200, { name: 'acme/base', tags: ['v2-20250301', 'v3'] });
    const { source } = makeSource();
    expect(await source.listTags(IMAGE, 'v2-')).toEqual({
      complete: true,
      tags: [{ name: 'v2-20250101' }, { name: 'v2-20250201' }, { name: 'v2-20250301' }],
    });
  });

  it('stops at the page cap', async () => {
    nock(GHCR)
      .get(LIST)
      .query(true)
      .reply(200, { tags: ['a1'] }, { link: `<${LIST}?last=a1&n=1000>; rel="next"` });
    const { source } = makeSource({ pageCap: 1 });
    expect(await source.listTags(IMAGE, 'a')).toEqual({ complete: false, tags: [{ name: 'a1' }] });
  });

  it('does not follow a Link to another origin', async () => {
    nock(GHCR)
      .get(LIST)
      .query(true)
      .reply(200, { tags: ['a1'] }, { link: `<https://elsewhere.example.com${LIST}?last=a1>; rel="next"` });
    const { source } = makeSource();
    expect(await source.listTags(IMAGE, 'a')).toEqual({ complete: false, tags: [{ name: 'a1' }] });
  });

  it('answers the bearer challenge with an anonymous token, cached for later requests', async () => {
    nock(GHCR)
      .get(LIST)
      .query(true)
      .reply(401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': CHALLENGE })
      .get(LIST)
      .query(true)
      .matchHeader('authorization', 'Bearer anon')
      .reply(200, { tags: ['a1'] })
      .head('/v2/acme/base/manifests/gone')
      .matchHeader('authorization', 'Bearer anon')
      .reply(404);
    nock(GHCR, { badheaders: ['authorization'] })
      .get('/token')
      .query({ service: 'ghcr.io', scope: 'repository:acme/base:pull' })
      .reply(200, { token: 'anon' });
    const { source } = makeSource();
    expect((await source.listTags(IMAGE, 'a')).tags).toEqual([{ name: 'a1' }]);
    expect(await source.describeTag(IMAGE, 'gone')).toEqual({ exists: false });
  });

  it('uses the credentials given for the registry host', async () => {
    nock(GHCR)
      .get(LIST)
      .query(true)
      .reply(401, '', { 'www-authenticate': CHALLENGE })
      .get(LIST)
      .query(true)
      .matchHeader('authorization', 'Bearer private')
      .reply(200, { tags: ['a1'] });
    nock(GHCR).get('/token').query(true).basicAuth({ user: 'bot', pass: 'ghp_secret' }).reply(200, { token: 'private', expires_in: 300 });
    const { source } = makeSource({ credentials: { 'ghcr.io': { username: 'bot', password: 'ghp_secret' } } });
    expect((await source.listTags(IMAGE, 'a')).tags).toEqual([{ name: 'a1' }]);
  });

  it('answers a Basic challenge with the credentials', async () => {
    const registry = 'https://registry.example.com';
    nock(registry)
      .get('/v2/team/app/tags/list')
      .query(true)
      .reply(401, '', { 'www-authenticate': 'Basic realm="Registry"' })
      .get('/v2/team/app/tags/list')
      .query(true)
      .basicAuth({ user: 'u', pass: 'p:w' })
      .reply(200, { tags: ['x'] });
    const { source } = makeSource({ credentials: { 'registry.example.com': { username: 'u', password: 'p:w' } } });
    expect((await source.listTags({ registry: 'registry.example.com', repository: 'team/app' }, '')).tags).toEqual([{ name: 'x' }]);
  });

  it('fails with RegistryAuthError when the token is refused, without leaking it', async () => {
    nock(GHCR)
      .get(LIST)
      .query(true)
      .reply(401, '', { 'www-authenticate': CHALLENGE })
      .get(LIST)
      .query(true)
      .reply(401, '', { 'www-authenticate': CHALLENGE });
    nock(GHCR).get('/token').query(true).reply(200, { token: 'tok-secret' });
    const { source } = makeSource();
    const error = await source.listTags(IMAGE, 'a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as RegistryAuthError).registry).toBe('ghcr.io');
    expect(String(error)).toMatch(/401 after authenticating \(no credentials configured\)/);
    expect(String(error)).not.toMatch(/tok-secret/);
  });

  it('fails with RegistryAuthError on 403', async () => {
    nock(GHCR).get(LIST).query(true).reply(403);
    const { source } = makeSource();
    await expect(source.listTags(IMAGE, 'a')).rejects.toBeInstanceOf(RegistryAuthError);
  });

  it('answers RegistryResponseError when tags is not a list of strings', async () => {
    nock(GHCR).get(LIST).query(true).reply(200, { tags: [1, 2] });
    const { source } = makeSource();
    await expect(source.listTags(IMAGE, 'a')).rejects.toBeInstanceOf(RegistryResponseError);
  });
});

describe('OCI describeTag', () => {
  it('returns exists:false for a 404', async () => {
    nock(GHCR).head('/v2/acme/base/manifests/missing').reply(404);
    const { source } = makeSource();
    expect(await source.describeTag(IMAGE, 'missing')).toEqual({ exists: false });
  });

  it('reads platforms from an index, skipping attestations', async () => {
    nock(GHCR)
      .head('/v2/acme/base/manifests/v2')
      .matchHeader('accept', /vnd\.docker\.distribution\.manifest\.list\.v2\+json/)
      .reply(200, '', { 'docker-content-digest': INDEX_DIGEST })
      .get(`/v2/acme/base/manifests/${INDEX_DIGEST}`)
      .reply(200, {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: MANIFEST_DIGEST, size: 1, platform: { os: 'linux', architecture: 'amd64' } },
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: MANIFEST_DIGEST, size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: MANIFEST_DIGEST, size: 1, platform: { os: 'unknown', architecture: 'unknown' } },
        ],
      });
    const { source } = makeSource();
    expect(await source.describeTag(IMAGE, 'v2')).toEqual({ exists: true, digest: INDEX_DIGEST, platforms: ['linux/amd64', 'linux/arm64/v8'] });
  });

  it('reads the platform of a single manifest from its config blob', async () => {
    nock(GHCR)
      .head('/v2/acme/base/manifests/single')
      .reply(200, '', { 'docker-content-digest': MANIFEST_DIGEST })
      .get(`/v2/acme/base/manifests/${MANIFEST_DIGEST}`)
      .reply(200, {
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: CONFIG_DIGEST, size: 1 },
        layers: [],
      })
      .get(`/v2/acme/base/blobs/${CONFIG_DIGEST}`)
      .reply(200, { os: 'linux', architecture: 'arm', variant: 'v7', rootfs: {} });
    const { source } = makeSource();
    expect(await source.describeTag(IMAGE, 'single')).toEqual({ exists: true, digest: MANIFEST_DIGEST, platforms: ['linux/arm/v7'] });
  });

  it('computes the digest from the body when the registry sends none', async () => {
    const body = JSON.stringify({ schemaVersion: 2, manifests: [{ digest: MANIFEST_DIGEST, platform: { os: 'linux', architecture: 'amd64' } }] });
    const { createHash } = await import('node:crypto');
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    nock(GHCR).head('/v2/acme/base/manifests/nodigest').reply(200).get('/v2/acme/base/manifests/nodigest').reply(200, body);
    const { source } = makeSource();
    expect(await source.describeTag(IMAGE, 'nodigest')).toEqual({ exists: true, digest, platforms: ['linux/amd64'] });
  });

  it('answers RegistryResponseError for a manifest that is neither index nor image', async () => {
    nock(GHCR)
      .head('/v2/acme/base/manifests/odd')
      .reply(200, '', { 'docker-content-digest': MANIFEST_DIGEST })
      .get(`/v2/acme/base/manifests/${MANIFEST_DIGEST}`)
      .reply(200, { schemaVersion: 1, name: 'acme/base' });
    const { source } = makeSource();
    await expect(source.describeTag(IMAGE, 'odd')).rejects.toBeInstanceOf(RegistryResponseError);
  });

  it('routes a registry to its mirror', async () => {
    nock('https://ghcr-mirror.example.com').head('/prefix/v2/acme/base/manifests/missing').reply(404);
    const { source } = makeSource({ mirrors: { 'ghcr.io': 'https://ghcr-mirror.example.com/prefix' } });
    expect(await source.describeTag(IMAGE, 'missing')).toEqual({ exists: false });
  });
});

describe('docker.io with the Hub API off', () => {
  it('lists through the distribution API of registry-1.docker.io', async () => {
    nock('https://registry-1.docker.io')
      .get('/v2/library/debian/tags/list')
      .query({ n: '1000' })
      .reply(401, '', { 'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull"' })
      .get('/v2/library/debian/tags/list')
      .query({ n: '1000' })
      .matchHeader('authorization', 'Bearer hub')
      .reply(200, { tags: ['bookworm', 'bookworm-slim', 'trixie'] });
    nock('https://auth.docker.io').get('/token').query(true).reply(200, { token: 'hub' });
    const { source } = makeSource({ hubApiUrl: 'none' });
    expect(await source.listTags({ registry: 'docker.io', repository: 'library/debian' }, 'bookworm')).toEqual({
      complete: true,
      tags: [{ name: 'bookworm' }, { name: 'bookworm-slim' }],
    });
  });
});
