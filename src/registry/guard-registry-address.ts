// The app's SSRF guard for registry traffic. Hosts come from tenants' Dockerfiles (and from
// 401 challenges those hosts send), so in the app a registry or token realm must resolve to
// public addresses only: loopback, private, link-local, metadata, multicast and reserved
// ranges are refused. The check runs on the addresses DNS returned, inside the socket's own
// lookup, so the connection uses exactly the address that was checked (no second lookup,
// no time-of-check/time-of-use gap), and a name pointing at 127.0.0.1 is refused like the
// literal. Hosts the operator configured (mirrors, hosts with credentials, the allow-list)
// are trusted and not checked. The CLI does not use the guard: it runs for its user.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Which registry hosts the app may reach; undefined (the CLI) means every host. */
export interface AddressGuard {
  /**
   * True when the operator configured the URL's host and port: a mirror, the Hub API or a host
   * with credentials trusts its own port only (the scheme's default when none is written); only a
   * bare name in FRESHPIN_ALLOW_PRIVATE_REGISTRIES trusts every port of that host.
   */
  isTrusted(url: URL): boolean;
}

/** Thrown by the guarded lookup and the literal check; the message is generic on purpose. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'EFRESHPINREFUSED';
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local, fd00::/8 included (AWS metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** True when an IP address is one a tenant may make the app connect to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED.check(address, 'ipv4');
  if (family !== 6) return false;
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) return isPublicAddress(embedded);
  return !BLOCKED.check(address, 'ipv6');
}

/**
 * The IPv4 address inside IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`),
 * NAT64 (`64:ff9b::/96`) and 6to4 (`2002:AABB:CCDD::/48`) IPv6 addresses.
 */
function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address);
  if (words === undefined) return undefined;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0) && !(words[5] === 0 && zeros(6, 7) && (words[7] ?? 0) <= 1)) {
    return v4(words[6] ?? 0, words[7] ?? 0);
  }
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6] ?? 0, words[7] ?? 0);
  if (words[0] === 0x2002) return v4(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

/** Eight 16-bit words of an IPv6 address (with an optional dotted IPv4 tail); undefined when malformed. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((w) => Number.parseInt(w, 16)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const words = [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...tail];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}

/** `name:port` of a URL, with the scheme's default port written out (`[v6]:port` for IPv6). */
export function explicitHostPort(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname.toLowerCase()}:${port}`;
}

/**
 * Builds the guard from the operator's trusted hosts: `name:port` trusts that port; a bare `name`
 * trusts every port (only FRESHPIN_ALLOW_PRIVATE_REGISTRIES entries are bare; see trustedRegistryHosts).
 */
export function createAddressGuard(trustedHosts: Iterable<string>): AddressGuard {
  const trusted = new Set<string>();
  for (const host of trustedHosts) {
    const lower = host.trim().toLowerCase();
    if (lower !== '') trusted.add(lower);
  }
  return {
    isTrusted(url) {
      const exact = explicitHostPort(url);
      return trusted.has(exact) || trusted.has(hostnameOf(exact));
    },
  };
}

/** `name` of `name:port` and `[v6]:port`, brackets dropped. */
export function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1] ?? host;
  return host.replace(/:\d+$/, '');
}

/**
 * Throws RefusedAddressError when a URL's host may not be reached: an untrusted IP literal
 * outside the public ranges (Node connects to literals without a lookup, so they are checked
 * here). Returns whether the host is trusted, so the caller knows to install the guarded lookup.
 */
export function checkUrlHost(guard: AddressGuard, url: URL): { trusted: boolean } {
  if (guard.isTrusted(url)) return { trusted: true };
  const hostname = hostnameOf(url.hostname);
  if (isIP(hostname) !== 0 && !isPublicAddress(hostname)) throw new RefusedAddressError('refused address');
  return { trusted: false };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets: resolves every address of the name, refuses the name when any of
 * them is not public (fail closed), and hands the socket the checked addresses.
 */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { family: options.family ?? 0, hints: options.hints ?? 0, all: true }, (error, addresses) => {
    if (error) {
      callback(error, []);
      return;
    }
    if (addresses.length === 0 || addresses.some((entry) => !isPublicAddress(entry.address))) {
      callback(new RefusedAddressError('refused address'), []);
      return;
    }
    if (options.all === true) {
      callback(null, addresses);
      return;
    }
    const first = addresses[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}
