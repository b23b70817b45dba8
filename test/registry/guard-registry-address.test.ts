import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RefusedAddressError, checkUrlHost, createAddressGuard, guardedLookup, isPublicAddress } from '../../src/registry/guard-registry-address.ts';
import { trustedRegistryHosts } from '../../src/registry/scope-registry-credentials.ts';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', false],
    ['127.255.1.2', false],
    ['0.0.0.0', false],
    ['10.1.2.3', false],
    ['100.64.0.1', false],
    ['169.254.169.254', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.1', false],
    ['198.18.0.1', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['fd00::1', false],
    ['fd00:ec2::254', false],
    ['fc00::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:169.254.169.254', false],
    ['64:ff9b::10.0.0.1', false],
    ['2002:c0a8:0101::1', false],
    ['not an address', false],
    ['8.8.8.8', true],
    ['172.32.0.1', true],
    ['140.82.112.3', true],
    ['2606:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::8.8.8.8', true],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('refuses every 10/8, 127/8 and 169.254/16 address, also when mapped into IPv6', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.constantFrom('10', '127', '169.254'), octet, octet, octet, (head, a, b, c) => {
        const v4 = head === '169.254' ? `169.254.${b}.${c}` : `${head}.${a}.${b}.${c}`;
        return !isPublicAddress(v4) && !isPublicAddress(`::ffff:${v4}`);
      }),
    );
  });
});

describe('checkUrlHost', () => {
  const guard = createAddressGuard(['registry.internal', '10.0.0.5:5000']);
  it.each([
    ['https://ghcr.io/v2/', false],
    ['https://registry.internal:8443/v2/', true],
    ['http://10.0.0.5:5000/v2/', true],
  ])('%s → trusted %s', (url, trusted) => {
    expect(checkUrlHost(guard, new URL(url))).toEqual({ trusted });
  });

  it.each(['http://10.0.0.5:5001/v2/', 'http://127.0.0.1/v2/', 'http://2130706433/v2/', 'http://0x7f.1/v2/', 'http://[::ffff:127.0.0.1]/v2/', 'http://[::1]:5000/v2/', 'http://[fd00:ec2::254]/', 'http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0/'])('refuses the literal %s', (url) => {
    expect(() => checkUrlHost(guard, new URL(url))).toThrow(RefusedAddressError);
  });
});

describe('trusted hosts from the operator’s settings trust their own port only', () => {
  // A mirror written without a port, a Hub API URL and a host with credentials must not make every
  // port of that host reachable from a tenant’s FROM (e.g. the metrics port on loopback).
  const guard = createAddressGuard(
    trustedRegistryHosts({
      mirrors: { 'docker.io': 'http://127.0.0.1', 'quay.io': 'https://mirror.corp.internal' },
      hubApiUrl: 'https://hub.docker.com',
      credentials: { 'registry.corp.internal': { username: 'u', password: 'p' }, 'localhost:5000': { username: 'u', password: 'p' } },
      allowPrivateRegistries: ['open.internal'],
    }),
  );
  it.each([
    ['http://127.0.0.1/v2/', true],
    ['http://127.0.0.1:80/v2/', true],
    ['https://mirror.corp.internal/v2/', true],
    ['https://registry.corp.internal/v2/', true],
    ['http://localhost:5000/v2/', true],
    ['https://open.internal:6379/v2/', true],
    ['https://hub.docker.com/v2/', true],
  ])('%s → trusted %s', (url, trusted) => {
    expect(guard.isTrusted(new URL(url))).toBe(trusted);
  });
  it.each(['http://127.0.0.1:9464/metrics', 'https://mirror.corp.internal:6379/v2/', 'http://registry.corp.internal/v2/', 'https://registry.corp.internal:8443/v2/', 'http://localhost:5001/v2/', 'https://hub.docker.com:8443/'])('does not trust %s', (url) => {
    expect(guard.isTrusted(new URL(url))).toBe(false);
  });
});

describe('guardedLookup', () => {
  const lookup = (host: string, all: boolean) =>
    new Promise<unknown>((resolve) => {
      guardedLookup(host, all ? { all: true } : {}, (error, address) => resolve(error ?? address));
    });

  it.each([true, false])('refuses a name that resolves to loopback (all: %s)', async (all) => {
    expect(await lookup('localhost', all)).toBeInstanceOf(RefusedAddressError);
  });
});
