import { describe, expect, it } from 'vitest';
import { readRegistrySettings } from '../../src/settings/read-runtime-settings.ts';
import { credentialsForOwner, parseScopedRegistryCredentials } from '../../src/registry/scope-registry-credentials.ts';

const u = (username: string, password: string) => ({ username, password });

describe('parseScopedRegistryCredentials', () => {
  it.each([
    ['', { all: {}, byOwner: {} }],
    ['ghcr.io=bot:t1', { all: { 'ghcr.io': u('bot', 't1') }, byOwner: {} }],
    ['ghcr.io=bot:t1 acme/ghcr.io=acme-bot:t:2 Beta-Co/127.0.0.1:5000=b:p', { all: { 'ghcr.io': u('bot', 't1') }, byOwner: { acme: { 'ghcr.io': u('acme-bot', 't:2') }, 'beta-co': { '127.0.0.1:5000': u('b', 'p') } } }],
    ['acme/index.docker.io=me:pat', { all: {}, byOwner: { acme: { 'docker.io': u('me', 'pat') } } }],
  ])('parses %j', (text, expected) => {
    expect(parseScopedRegistryCredentials(text)).toEqual(expected);
  });

  it.each([
    ['acme/ghcr.io=a:b,ACME/ghcr.io=c:d', /entry 2 \(ACME\/ghcr.io\): ACME\/ghcr.io appears more than once/],
    ['-acme/ghcr.io=a:secret', /"-acme" is not a GitHub user or organisation name/],
    ['a/b/ghcr.io=a:secret', /entry 1 \(b\/ghcr.io\): "b\/ghcr.io" is not a registry host/],
    ['acme/ghcr.io=secret', /entry 1 \(acme\/ghcr.io\): expected USER:TOKEN/],
  ])('rejects %j without echoing the secret', (text, message) => {
    expect(() => parseScopedRegistryCredentials(text)).toThrow(message);
    try {
      parseScopedRegistryCredentials(text);
    } catch (error) {
      expect(String(error)).not.toMatch(/secret|:b\b|:d\b/);
    }
  });
});

describe('credentialsForOwner', () => {
  const all = { 'ghcr.io': u('bot', 'x'), 'quay.io': u('q', 'y') };
  const byOwner = { acme: { 'ghcr.io': u('acme-bot', 'z') } };
  it.each([
    ['acme', { 'ghcr.io': u('acme-bot', 'z'), 'quay.io': u('q', 'y') }],
    ['ACME', { 'ghcr.io': u('acme-bot', 'z'), 'quay.io': u('q', 'y') }],
    ['beta', all],
    [undefined, all],
  ])('%s', (owner, expected) => {
    expect(credentialsForOwner(all, byOwner, owner)).toEqual(expected);
  });
});

describe('readRegistrySettings', () => {
  it('reads owner-scoped credentials and the private-registry allow-list', () => {
    expect(
      readRegistrySettings([], {
        FRESHPIN_REGISTRY_CREDENTIALS: 'ghcr.io=bot:x,acme/ghcr.io=acme-bot:y',
        FRESHPIN_ALLOW_PRIVATE_REGISTRIES: 'registry.internal, 10.0.0.5:5000',
      }),
    ).toEqual({
      mirrors: {},
      credentials: { 'ghcr.io': u('bot', 'x') },
      ownerCredentials: { acme: { 'ghcr.io': u('acme-bot', 'y') } },
      allowPrivateRegistries: ['registry.internal', '10.0.0.5:5000'],
      hubApiUrl: 'https://hub.docker.com',
    });
  });

  it.each([
    ['docker.io=http://mirror.lan:5000', 'mirror.lan:5000=u:p', /registry mirror for docker.io \(mirror.lan:5000\) is plain http and has credentials/],
    ['docker.io=http://mirror.lan:5000', 'acme/mirror.lan:5000=u:p', /is plain http and has credentials/],
  ])('refuses a plain-http mirror on another host with credentials: %s + %s', (mirrors, credentials, message) => {
    expect(() => readRegistrySettings([], { FRESHPIN_REGISTRY_MIRRORS: mirrors, FRESHPIN_REGISTRY_CREDENTIALS: credentials })).toThrow(message);
  });

  it.each([
    ['docker.io=http://127.0.0.1:5000', '127.0.0.1:5000=u:p'],
    ['docker.io=https://mirror.lan:5000', 'mirror.lan:5000=u:p'],
    ['docker.io=http://mirror.lan:5000', 'docker.io=u:p'],
  ])('accepts %s with %s', (mirrors, credentials) => {
    expect(() => readRegistrySettings([], { FRESHPIN_REGISTRY_MIRRORS: mirrors, FRESHPIN_REGISTRY_CREDENTIALS: credentials })).not.toThrow();
  });

  it('refuses a malformed allow-list entry', () => {
    expect(() => readRegistrySettings([], { FRESHPIN_ALLOW_PRIVATE_REGISTRIES: 'http://x' })).toThrow(/FRESHPIN_ALLOW_PRIVATE_REGISTRIES entry 1/);
  });
});
