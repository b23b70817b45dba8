// The app's registry wiring (issue 11, findings 2 and 7): TagSources built as the app builds
// them (createOwnerTagSource / createOwnerTagSources with the app's settings) refuse
// registries and realms on loopback and other private addresses unless the operator trusts
// the host, with one error text whatever the host would have answered, and keep owner-scoped
// credentials with their owner.
import { afterAll, describe, expect, it } from 'vitest';
import type { OwnerTagSourceSettings } from '../../src/registry/create-owner-tag-sources.ts';
import { createOwnerTagSource, createOwnerTagSources } from '../../src/registry/create-owner-tag-sources.ts';
import { RegistryAuthError, RegistryUnavailableError } from '../../src/registry/registry-errors.ts';
import type { HostileRegistry } from '../helpers/start-hostile-registry.ts';
import { startHostileRegistry } from '../helpers/start-hostile-registry.ts';

const listeners: HostileRegistry[] = [];
afterAll(async () => {
  await Promise.all(listeners.map((listener) => listener.close()));
});

async function listen(handler: Parameters<typeof startHostileRegistry>[0]): Promise<HostileRegistry> {
  const listener = await startHostileRegistry(handler);
  listeners.push(listener);
  return listener;
}

const TAGS = '{"tags":["stable-20250101","stable-20250201"]}';
const APP: OwnerTagSourceSettings = { mirrors: {}, credentials: {}, hubApiUrl: 'none' };
const FAST = { retryLimit: 0, sleep: async () => undefined };

const listTags = (settings: OwnerTagSourceSettings, registry: string, owner?: string) =>
  createOwnerTagSource(settings, owner, FAST).listTags({ registry, repository: 'acme/base' }, 'stable-');

const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('the app refuses private registry addresses (finding 7)', () => {
  it.each([
    ['an IP literal', (port: number) => `127.0.0.1:${port}`],
    ['a DNS name that resolves to loopback', (port: number) => `localhost:${port}`],
  ])('refuses %s without connecting', async (_name, hostFor) => {
    const registry = await listen((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(TAGS));
    const error = await errorOf(listTags(APP, hostFor(registry.port)));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(String(error)).toMatch(/not reachable \(network error, or an address freshpin does not connect to\)$/);
    expect(registry.connections()).toBe(0);
  });

  it('says the same for a listening host that answers garbage and for a closed port (no port-scan oracle)', async () => {
    const open = await listen((_request, response) => response.writeHead(200).end('<html>not json</html>'));
    const closed = await listen((_request, response) => response.end());
    const closedHost = closed.host;
    await closed.close();
    const messages = await Promise.all([open.host, closedHost].map(async (host) => String(await errorOf(listTags(APP, host))).replaceAll(host, 'HOST')));
    expect(messages[0]).toBe(messages[1]);
    expect(open.connections()).toBe(0);
  });

  it.each([
    ['as a mirror', (r: HostileRegistry): OwnerTagSourceSettings => ({ ...APP, mirrors: { 'registry.internal': r.url } }), 'registry.internal'],
    ['by FRESHPIN_ALLOW_PRIVATE_REGISTRIES', (r: HostileRegistry): OwnerTagSourceSettings => ({ ...APP, allowPrivateRegistries: [r.host] }), undefined],
    ['by host without the port', (): OwnerTagSourceSettings => ({ ...APP, allowPrivateRegistries: ['127.0.0.1'] }), undefined],
    ['by having credentials', (r: HostileRegistry): OwnerTagSourceSettings => ({ ...APP, credentials: { [r.host]: { username: 'u', password: 'p' } } }), undefined],
  ])('reaches a private host the operator trusts %s', async (_name, settingsFor, name) => {
    const registry = await listen((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(TAGS));
    const listing = await listTags(settingsFor(registry), name ?? registry.host);
    expect(listing.tags.map((tag) => tag.name)).toEqual(['stable-20250101', 'stable-20250201']);
  });

  it('refuses a token realm on a private address named by a trusted registry, and an http realm', async () => {
    const realm = await listen((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t"}'));
    for (const [scheme, expected] of [
      ['https', RegistryUnavailableError],
      ['http', RegistryAuthError],
    ] as const) {
      const registry = await listen((_request, response) => response.writeHead(401, { 'www-authenticate': `Bearer realm="${scheme}://${realm.host}/token",service="x"` }).end());
      const error = await errorOf(listTags({ ...APP, allowPrivateRegistries: [registry.host] }, registry.host));
      expect(error).toBeInstanceOf(expected);
    }
    expect(realm.connections()).toBe(0);
  });

  it('re-checks every redirect hop: a trusted registry cannot bounce the app to a private host', async () => {
    const target = await listen((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(TAGS));
    const trusted = await listen((request, response) => response.writeHead(302, { location: `http://localhost:${target.port}${request.url ?? '/'}` }).end());
    const error = await errorOf(listTags({ ...APP, allowPrivateRegistries: [trusted.host] }, trusted.host));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(target.connections()).toBe(0);
  });
});

describe('owner-scoped credentials stay with their owner (finding 2)', () => {
  it('uses acme’s credentials for acme’s repositories only; other owners ask anonymously', async () => {
    const basic = `Basic ${Buffer.from('acme-bot:pw').toString('base64')}`;
    const registry = await listen((request, response, self) => {
      if (request.url?.startsWith('/token')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: request.headers.authorization === basic ? 'acme-token' : 'anon-token' }));
      } else if (request.headers.authorization === 'Bearer acme-token') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["stable-20250101","stable-20250301-private"]}');
      } else if (request.headers.authorization === 'Bearer anon-token') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["stable-20250101"]}');
      } else {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="${self.url}/token",service="s",scope="repository:acme/base:pull"` }).end();
      }
    });
    const settings: OwnerTagSourceSettings = {
      ...APP,
      allowPrivateRegistries: [registry.host],
      ownerCredentials: { acme: { [registry.host]: { username: 'acme-bot', password: 'pw' } } },
    };
    const forOwner = createOwnerTagSources(settings, FAST);
    const image = { registry: registry.host, repository: 'acme/base' };
    const names = async (owner: string) => (await forOwner(owner).listTags(image, 'stable-')).tags.map((tag) => tag.name);
    expect(await names('beta')).toEqual(['stable-20250101']);
    expect(await names('Acme')).toEqual(['stable-20250101', 'stable-20250301-private']);
    expect(await names('gamma')).toEqual(['stable-20250101']);
    expect(forOwner('beta')).toBe(forOwner('gamma'));
    expect(forOwner('acme')).not.toBe(forOwner('beta'));
    const tokenRequests = registry.requests.filter((r) => r.url.startsWith('/token'));
    expect(tokenRequests.map((r) => r.authorization)).toEqual([undefined, basic]);
  });

  it('does not trust a host whose credentials belong to another owner', async () => {
    const registry = await listen((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(TAGS));
    const settings: OwnerTagSourceSettings = { ...APP, ownerCredentials: { acme: { [registry.host]: { username: 'u', password: 'p' } } } };
    expect((await listTags(settings, registry.host, 'acme')).tags).toHaveLength(2);
    await expect(listTags(settings, registry.host, 'beta')).rejects.toThrow(RegistryUnavailableError);
  });
});
