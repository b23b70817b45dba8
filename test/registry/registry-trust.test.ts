// Issue 11 at the registry adapter: tokens stay with the origin and the credentials that
// fetched them (finding 2), every kind of reply has a cap on its decoded size (finding 3),
// and Basic credentials travel only over https or to loopback (finding 9).
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createBearerAuth } from '../../src/registry/bearer-auth.ts';
import { createDockerHubSource } from '../../src/registry/docker-hub-source.ts';
import { createRegistryHttp } from '../../src/registry/http-client.ts';
import { createOciDistributionSource } from '../../src/registry/oci-distribution-source.ts';
import { RegistryAuthError, RegistryResponseError, RegistryResponseTooLargeError } from '../../src/registry/registry-errors.ts';

const A = 'https://a.example.com';
const E = 'https://evil.example.com';
const REALM = 'https://auth.a.example.com';
const A_CHALLENGE = `Bearer realm="${REALM}/token",service="a.example.com",scope="repository:team/app:pull"`;
const BASIC_A = `Basic ${Buffer.from('alice:pw').toString('base64')}`;

function makeAuth() {
  return createBearerAuth(createRegistryHttp({ sleep: async () => {}, retryLimit: 0 }), { credentials: { 'a.example.com': { username: 'alice', password: 'pw' } } });
}

/** A's token endpoint, asked once with alice's Basic credentials (a private token) and once without (an anonymous one). */
function tokenEndpoint() {
  nock(REALM).get('/token').query(true).matchHeader('authorization', BASIC_A).reply(200, { token: 'private-a', expires_in: 300 });
  nock(REALM, { badheaders: ['authorization'] }).get('/token').query(true).reply(200, { token: 'anonymous', expires_in: 300 });
}

describe('bearer tokens stay with their origin and credentials (finding 2)', () => {
  it('does not hand the token fetched with A’s credentials to E, whose 401 names A’s realm and scope', async () => {
    const auth = makeAuth();
    tokenEndpoint();
    nock(A).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': A_CHALLENGE }).get('/v2/team/app/tags/list').matchHeader('authorization', 'Bearer private-a').reply(200, '{}');
    // E answers only an anonymous request (401) and the anonymous token (200): A's token would match nothing.
    nock(E, { badheaders: ['authorization'] }).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': A_CHALLENGE });
    nock(E).get('/v2/team/app/tags/list').matchHeader('authorization', 'Bearer anonymous').reply(200, '{}');
    await auth({ registry: 'a.example.com', method: 'GET', url: `${A}/v2/team/app/tags/list` });
    const response = await auth({ registry: 'evil.example.com', method: 'GET', url: `${E}/v2/team/app/tags/list` });
    expect(response.status).toBe(200);
    expect(nock.isDone()).toBe(true);
  });

  it('does not let E’s anonymous token for A’s realm stand in for A’s own', async () => {
    const auth = makeAuth();
    tokenEndpoint();
    nock(E).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': A_CHALLENGE }).get('/v2/team/app/tags/list').reply(200, '{}');
    nock(A).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': A_CHALLENGE }).get('/v2/team/app/tags/list').matchHeader('authorization', 'Bearer private-a').reply(200, '{}');
    await auth({ registry: 'evil.example.com', method: 'GET', url: `${E}/v2/team/app/tags/list` });
    const response = await auth({ registry: 'a.example.com', method: 'GET', url: `${A}/v2/team/app/tags/list` });
    expect(response.status).toBe(200);
    expect(nock.isDone()).toBe(true);
  });
});

describe('Basic credentials only over https or loopback (finding 9)', () => {
  it('refuses a Basic challenge from a plain-http registry on another host, without sending the credentials', async () => {
    const auth = createBearerAuth(createRegistryHttp({ sleep: async () => {}, retryLimit: 0 }), { credentials: { 'mirror.lan:5000': { username: 'bob', password: 'pw' } } });
    // Only a request without credentials matches: one carrying bob's would fail as unmatched.
    nock('http://mirror.lan:5000', { badheaders: ['authorization'] }).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': 'Basic realm="registry"' });
    await expect(auth({ registry: 'docker.io', method: 'GET', url: 'http://mirror.lan:5000/v2/team/app/tags/list' })).rejects.toThrow(
      new RegistryAuthError('docker.io', 'docker.io: http://mirror.lan:5000/v2/team/app/tags/list asks for Basic credentials over plain http; freshpin sends credentials only over https (or to loopback)'),
    );
    expect(nock.isDone()).toBe(true);
  });
});

describe('decoded-size caps (finding 3)', () => {
  const http = createRegistryHttp({ sleep: async () => {}, retryLimit: 0 });
  const MiB = 1024 * 1024;
  const json = (prefix: string, size: number) => Buffer.concat([Buffer.from(prefix), Buffer.alloc(size, 'a')]);

  it.each([
    ['gzip', (b: Buffer) => gzipSync(b)],
    ['deflate', (b: Buffer) => deflateSync(b)],
    ['br', (b: Buffer) => brotliCompressSync(b)],
  ])('aborts a %s tag list page past 8 MiB decoded, once, as RegistryResponseTooLargeError', async (encoding, compress) => {
    const source = createOciDistributionSource({ http, baseUrlFor: () => A });
    nock(A).get('/v2/team/app/tags/list').query(true).once().reply(200, compress(json('{"tags":["', 9 * MiB)), { 'content-encoding': encoding });
    const error = await source.listTags({ registry: 'a.example.com', repository: 'team/app' }, 'v').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryResponseTooLargeError);
    expect(error).toBeInstanceOf(RegistryResponseError);
    expect(String(error)).toMatch(/tags\/list: answered a body larger than 8 MiB \(decoded\); read aborted/);
  });

  it('reads a tag list page just under the cap', async () => {
    const source = createOciDistributionSource({ http, baseUrlFor: () => A });
    const names = Array.from({ length: 70_000 }, (_, i) => `v${String(i).padStart(6, '0')}-${'x'.repeat(100)}`);
    nock(A).get('/v2/team/app/tags/list').query(true).reply(200, gzipSync(JSON.stringify({ tags: names })), { 'content-encoding': 'gzip' });
    const listing = await source.listTags({ registry: 'a.example.com', repository: 'team/app' }, 'v');
    expect(listing.tags).toHaveLength(70_000);
  });

  it('aborts a manifest past 4 MiB', async () => {
    const source = createOciDistributionSource({ http, baseUrlFor: () => A });
    nock(A)
      .head('/v2/team/app/manifests/v1')
      .reply(200, '', { 'docker-content-digest': `sha256:${'a'.repeat(64)}` })
      .get(`/v2/team/app/manifests/sha256:${'a'.repeat(64)}`)
      .reply(200, gzipSync(json('{"manifests":[', 5 * MiB)), { 'content-encoding': 'gzip' });
    await expect(source.describeTag({ registry: 'a.example.com', repository: 'team/app' }, 'v1')).rejects.toThrow(/manifests\/sha256:a+: answered a body larger than 4 MiB/);
  });

  it('aborts a token reply past 64 KiB', async () => {
    const auth = createBearerAuth(http);
    nock(A).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': A_CHALLENGE });
    nock(REALM).get('/token').query(true).reply(200, gzipSync(json('{"token":"', 65 * 1024)), { 'content-encoding': 'gzip' });
    await expect(auth({ registry: 'a.example.com', method: 'GET', url: `${A}/v2/team/app/tags/list` })).rejects.toThrow(
      new RegistryResponseTooLargeError('a.example.com', 'a.example.com: GET https://auth.a.example.com/token: answered a body larger than 64 KiB (decoded); read aborted'),
    );
  });

  it('aborts a Docker Hub API page past 4 MiB, and refuses an unencoded one by its content-length', async () => {
    const hub = createDockerHubSource({ http, hubApiUrl: 'https://hub.example.com', registryBaseUrl: A });
    nock('https://hub.example.com')
      .get('/v2/namespaces/library/repositories/debian/tags')
      .query(true)
      .reply(200, gzipSync(json('{"results":[', 5 * MiB)), { 'content-encoding': 'gzip' })
      .get('/v2/namespaces/library/repositories/debian/tags')
      .query(true)
      .reply(200, json('{"results":[', 5 * MiB), { 'content-length': String(5 * MiB + 12) });
    for (let i = 0; i < 2; i++) {
      await expect(hub.listTags({ registry: 'docker.io', repository: 'library/debian' }, 'bookworm-')).rejects.toThrow(/answered a body larger than 4 MiB/);
    }
  });
});
