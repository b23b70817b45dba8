// Registry credentials scoped to GitHub owners. One freshpin app serves many installations;
// a credential the operator set up for one organisation's private registry must not be used
// for another organisation's `FROM`. `FRESHPIN_REGISTRY_CREDENTIALS` therefore takes an
// optional owner before the host:
//
//   ghcr.io=bot:token               every owner (and the CLI)
//   acme/ghcr.io=acme-bot:token     only repositories owned by `acme` (user or organisation)
//
// An owner's entry for a host replaces the all-owners entry for that host. The CLI has no
// owner and uses the all-owners entries only. Also here: the hosts the app's address guard
// trusts, since an operator who configured a host has vouched for it.
import type { CredentialMap } from './bearer-auth.ts';
import { parseRegistryHostEntry } from './resolve-registry-endpoint.ts';
import { explicitHostPort, hostnameOf } from './guard-registry-address.ts';
import { isLoopbackHost } from '../core/net/is-loopback-host.ts';

export interface ScopedCredentials {
  /** Entries without an owner: used for every owner and by the CLI. */
  all: CredentialMap;
  /** Lowercase owner login → that owner's entries. */
  byOwner: Record<string, CredentialMap>;
}

/** A GitHub login: letters, digits and single hyphens, at most 39 characters. */
const OWNER = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

/**
 * Parses `[OWNER/]REGISTRY=USER:TOKEN` entries (commas or whitespace between). The password
 * is everything after the first `:`. Errors name the entry by position, owner and host only.
 */
export function parseScopedRegistryCredentials(text: string): ScopedCredentials {
  const scoped: ScopedCredentials = { all: {}, byOwner: {} };
  const entries = text
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  for (const [index, entry] of entries.entries()) {
    const eq = entry.indexOf('=');
    const where = `registry credentials entry ${index + 1}`;
    if (eq <= 0) throw new Error(`${where}: expected [OWNER/]REGISTRY=USER:TOKEN`);
    const target = entry.slice(0, eq).trim();
    const slash = target.indexOf('/');
    const owner = slash >= 0 ? target.slice(0, slash) : undefined;
    if (owner !== undefined && !OWNER.test(owner)) throw new Error(`${where}: "${owner}" is not a GitHub user or organisation name (expected OWNER/REGISTRY=USER:TOKEN)`);
    const rawHost = slash >= 0 ? target.slice(slash + 1) : target;
    const host = parseRegistryHostEntry(rawHost, `${where} (${rawHost})`);
    const label = owner === undefined ? host : `${owner}/${host}`;
    const secret = entry.slice(eq + 1);
    const colon = secret.indexOf(':');
    if (colon <= 0 || colon === secret.length - 1) throw new Error(`${where} (${label}): expected USER:TOKEN after "="`);
    const map = owner === undefined ? scoped.all : (scoped.byOwner[owner.toLowerCase()] ??= {});
    if (map[host] !== undefined) throw new Error(`${where} (${label}): ${label} appears more than once`);
    map[host] = { username: secret.slice(0, colon), password: secret.slice(colon + 1) };
  }
  return scoped;
}

/** The credentials in effect for repositories of `owner`: the all-owners entries, overridden by the owner's own. */
export function credentialsForOwner(all: CredentialMap, byOwner: Record<string, CredentialMap> | undefined, owner: string | undefined): CredentialMap {
  const own = owner === undefined ? undefined : byOwner?.[owner.toLowerCase()];
  return own === undefined ? all : { ...all, ...own };
}

/** Every registry host named in any scope (for checks on the settings as a whole). */
export function allCredentialHosts(all: CredentialMap, byOwner: Record<string, CredentialMap> | undefined): Set<string> {
  const hosts = new Set(Object.keys(all));
  for (const map of Object.values(byOwner ?? {})) for (const host of Object.keys(map)) hosts.add(host);
  return hosts;
}

/**
 * The hosts the app's address guard trusts for one owner: every mirror's host, the Docker
 * Hub API's host, the hosts with credentials in effect for that owner, and the allow-list.
 */
export function trustedRegistryHosts(options: {
  mirrors: Record<string, string>;
  hubApiUrl: string;
  credentials: CredentialMap;
  allowPrivateRegistries?: readonly string[];
}): string[] {
  const hosts: string[] = [];
  // Mirrors and the Hub API: exactly the host and port configured (the scheme's default when none is written).
  for (const url of Object.values(options.mirrors)) hosts.push(explicitHostPort(new URL(url)));
  if (options.hubApiUrl !== 'none') hosts.push(explicitHostPort(new URL(options.hubApiUrl)));
  // A registry with credentials is spoken to where its name says (https, or http on loopback).
  for (const registry of Object.keys(options.credentials)) hosts.push(explicitHostPort(new URL(`${isLoopbackHost(hostnameOf(registry)) ? 'http' : 'https'}://${registry}`)));
  // Only these may be bare names, trusting every port of the host.
  hosts.push(...(options.allowPrivateRegistries ?? []));
  return hosts;
}
