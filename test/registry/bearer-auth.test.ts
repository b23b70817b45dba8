import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createBearerAuth, credentialsFor, parseChallenge } from '../../src/registry/bearer-auth.ts';
import { createRegistryHttp } from '../../src/registry/http-client.ts';
import { RegistryAuthError, RegistryResponseError } from '../../src/registry/registry-errors.ts';

const ORIGIN = 'https://registry.example.com';
const CHALLENGE = `Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull"`;

describe('parseChallenge', () => {
  it.each([
    [CHALLENGE, { scheme: 'bearer', realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:team/app:pull' }],
    ['Bearer realm="https://a.example/t"', { scheme: 'bearer', realm: 'https://a.example/t' }],
    ['bearer realm=https://a.example/t,service=svc', { scheme: 'bearer', realm: 'https://a.example/t', service: 'svc' }],
    ['Bearer realm="https://a.example/t",error="insufficient_scope",scope="repository:a:pull repository:b:pull"', { scheme: 'bearer', realm: 'https://a.example/t', scope: 'repository:a:pull repository:b:pull' }],
    ['Basic realm="Registry Realm"', { scheme: 'basic' }],
    ['Bearer service="no-realm"', undefined],
    ['Bearer realm="file:///etc/passwd"', undefined],
    ['Negotiate', undefined],
    [undefined, undefined],
  ])('%s', (header, expected) => {
    expect(parseChallenge(header)).toEqual(expected);
  });
});

describe('credentialsFor', () => {
  const creds = { 'docker.io': { username: 'd', password: 'x' }, '127.0.0.1:5000': { username: 'l', password: 'y' } };
  it.each([
    ['https://registry-1.docker.io/v2/', 'd'],
    ['http://127.0.0.1:5000/v2/', 'l'],
    ['https://ghcr.io/v2/', undefined],
    ['https://hub.docker.com/v2/', undefined],
  ])('%s → %s', (url, user) => {
    expect(credentialsFor(creds, url)?.username).toBe(user);
  });
});

describe('createBearerAuth', () => {
  function makeAuth(clock: { now: number }) {
    return createBearerAuth(createRegistryHttp({ sleep: async () => {}, retryLimit: 0 }), { now: () => clock.now });
  }
  const get = (auth: ReturnType<typeof makeAuth>) => auth({ registry: 'registry.example.com', method: 'GET', url: `${ORIGIN}/v2/team/app/tags/list` });

  it('fetches a new token once the cached one has expired', async () => {
    nock(ORIGIN)
      .get('/v2/team/app/tags/list')
      .reply(401, '', { 'www-authenticate': CHALLENGE })
      .get('/v2/team/app/tags/list')
      .matchHeader('authorization', 'Bearer t1')
      .reply(200, '{}')
      .get('/v2/team/app/tags/list')
      .matchHeader('authorization', 'Bearer t2')
      .reply(200, '{}');
    nock('https://auth.example.com')
      .get('/token')
      .query(true)
      .reply(200, { token: 't1', expires_in: 300 })
      .get('/token')
      .query(true)
      .reply(200, { token: 't2', expires_in: 300 });
    const clock = { now: 0 };
    const auth = makeAuth(clock);
    expect((await get(auth)).status).toBe(200);
    clock.now = 301_000;
    expect((await get(auth)).status).toBe(200);
  });

  it('refreshes once when a cached token is rejected', async () => {
    nock(ORIGIN)
      .get('/v2/team/app/tags/list')
      .reply(401, '', { 'www-authenticate': CHALLENGE })
      .get('/v2/team/app/tags/list')
      .matchHeader('authorization', 'Bearer t1')
      .reply(200, '{}')
      .get('/v2/team/app/tags/list')
      .matchHeader('authorization', 'Bearer t1')
      .reply(401, '', { 'www-authenticate': CHALLENGE })
      .get('/v2/team/app/tags/list')
      .matchHeader('authorization', 'Bearer t2')
      .reply(200, '{}');
    nock('https://auth.example.com').get('/token').query(true).reply(200, { token: 't1' }).get('/token').query(true).reply(200, { token: 't2' });
    const auth = makeAuth({ now: 0 });
    expect((await get(auth)).status).toBe(200);
    expect((await get(auth)).status).toBe(200);
  });

  it.each([
    ['a 401 without challenge', () => nock(ORIGIN).get('/v2/team/app/tags/list').reply(401), RegistryAuthError],
    ['a Basic challenge without credentials', () => nock(ORIGIN).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': 'Basic realm="r"' }), RegistryAuthError],
    [
      'a token answer without a token',
      () => {
        nock(ORIGIN).get('/v2/team/app/tags/list').reply(401, '', { 'www-authenticate': CHALLENGE });
        nock('https://auth.example.com').get('/token').query(true).reply(200, { nothing: true });
      },
      RegistryResponseError,
    ],
  ])('fails on %s', async (_name, setup, errorClass) => {
    setup();
    await expect(get(makeAuth({ now: 0 }))).rejects.toBeInstanceOf(errorClass);
  });
});
