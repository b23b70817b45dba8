// How an image's registry is reached: its distribution API base URL (a mirror's, when one
// is configured), and for Docker Hub, the Hub API used for listing. Plus parsers for the
// mirror and credential settings, which the CLI and app read from env and pass in.
import type { ImageName } from '../core/model.ts';
import type { CredentialMap } from './bearer-auth.ts';
import { isLoopbackHost } from '../core/net/is-loopback-host.ts';
import { parseScopedRegistryCredentials } from './scope-registry-credentials.ts';

/** Registry host → distribution API base URL, e.g. `{ 'docker.io': 'http://127.0.0.1:5000' }`. */
export type MirrorMap = Record<string, string>;

export interface EndpointOptions {
  mirrors?: MirrorMap;
  /** Docker Hub API base; `'none'` makes docker.io behave like any OCI registry. */
  hubApiUrl?: string;
}

export interface RegistryEndpoint {
  /** The registry as the image names it (`docker.io`, `ghcr.io`). */
  registry: string;
  /** Distribution API base, without a trailing slash; requests go to `${baseUrl}/v2/…`. */
  baseUrl: string;
  /** Set when tags are listed through the Docker Hub API. */
  hubApiUrl?: string;
}

export const DOCKER_HUB = 'docker.io';
export const DEFAULT_HUB_API_URL = 'https://hub.docker.com';
export const DOCKER_HUB_REGISTRY_URL = 'https://registry-1.docker.io';

const HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Maps an image to the endpoint that serves it. */
export function resolveRegistryEndpoint(image: ImageName, options: EndpointOptions = {}): RegistryEndpoint {
  const registry = normaliseRegistryHost(image.registry);
  const mirror = options.mirrors?.[registry];
  const baseUrl = mirror !== undefined ? trimSlash(mirror) : registry === DOCKER_HUB ? DOCKER_HUB_REGISTRY_URL : registryBaseUrl(registry);
  const endpoint: RegistryEndpoint = { registry, baseUrl };
  if (registry === DOCKER_HUB && options.hubApiUrl !== 'none') {
    endpoint.hubApiUrl = trimSlash(options.hubApiUrl ?? DEFAULT_HUB_API_URL);
  }
  return endpoint;
}

/** `https://host`, or `http://host` for `localhost` and 127.0.0.0/8 (with any port). */
export function registryBaseUrl(host: string): string {
  const hostname = host.replace(/:\d+$/, '');
  return `${isLoopbackHost(hostname) ? 'http' : 'https'}://${host}`;
}

/** Lowercases a registry host and folds Docker Hub's aliases into `docker.io`. */
export function normaliseRegistryHost(host: string): string {
  const lower = host.trim().toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * Parses `docker.io=http://127.0.0.1:5000,ghcr.io=https://mirror.example.com` (commas or
 * whitespace between entries). Throws an Error naming the bad entry.
 */
export function parseMirrors(text: string): MirrorMap {
  const mirrors: MirrorMap = {};
  for (const [index, entry] of splitEntries(text).entries()) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`registry mirror entry ${index + 1}: expected REGISTRY=URL, e.g. docker.io=http://127.0.0.1:5000`);
    const host = parseHost(entry.slice(0, eq), `registry mirror entry ${index + 1}`);
    const where = `registry mirror entry ${index + 1} (${host})`;
    const rawUrl = entry.slice(eq + 1).trim();
    if (!/^https?:\/\//i.test(rawUrl)) throw new Error(`${where}: the mirror URL must start with http:// or https://`);
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new Error(`${where}: the mirror is not a URL`);
    }
    if (url.username || url.password) throw new Error(`${where}: put credentials in FRESHPIN_REGISTRY_CREDENTIALS, not in the mirror URL`);
    if (url.search || url.hash) throw new Error(`${where}: the mirror URL must not have a query or fragment`);
    if (mirrors[host] !== undefined) throw new Error(`${where}: ${host} has more than one mirror`);
    mirrors[host] = trimSlash(`${url.origin}${url.pathname}`);
  }
  return mirrors;
}

/**
 * Parses `ghcr.io=user:token,docker.io=user:token` (entries for every owner). Owner-scoped
 * entries (`acme/ghcr.io=…`) are refused here: read them with parseScopedRegistryCredentials.
 * Errors name the entry by position and host only: never the secret.
 */
export function parseRegistryCredentials(text: string): CredentialMap {
  const scoped = parseScopedRegistryCredentials(text);
  const owner = Object.keys(scoped.byOwner)[0];
  if (owner !== undefined) throw new Error(`registry credentials for ${owner}/…: owner-scoped entries are not accepted here`);
  return scoped.all;
}

/** A registry host as written in a setting (`ghcr.io`, `127.0.0.1:5000`), normalised; throws naming `where`. */
export function parseRegistryHostEntry(raw: string, where: string): string {
  return parseHost(raw, where);
}

function splitEntries(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function parseHost(raw: string, where: string): string {
  const host = normaliseRegistryHost(raw);
  if (!/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/.test(host)) {
    throw new Error(`${where}: "${raw.trim()}" is not a registry host such as docker.io, ghcr.io or 127.0.0.1:5000`);
  }
  return host;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
