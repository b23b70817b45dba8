// Registry authentication as the Docker CLI does it: on a 401 with a `Bearer` challenge,
// fetch a token from the realm (anonymously, or with Basic credentials for that registry
// host), cache it until it expires, and retry once; on a `Basic` challenge, send the
// credentials. Once a repository has been challenged, later requests to it carry the token
// up front. Tokens and credentials never reach messages.
// Trust rules: a token is cached per requesting origin and per credentialed-or-anonymous
// as well as per (realm, service, scope), so a registry naming another's realm never gets
// the other's token; a challenge is only answered when it comes from the origin the request
// was sent to (not from where a redirect led); credentials go only over https or loopback;
// with the app's address guard, a realm must be https unless the operator trusts its host.
import { z } from 'zod';
import type { HttpRequest, HttpResponse, RegistryHttp } from './http-client.ts';
import { describeUrl, headerValue } from './http-client.ts';
import type { AddressGuard } from './guard-registry-address.ts';
import { BODY_CAPS } from './read-capped-body.ts';
import { RegistryAuthError, RegistryResponseError } from './registry-errors.ts';
import { isLoopbackHost } from '../core/net/is-loopback-host.ts';

export interface Credentials {
  username: string;
  password: string;
}

/** Credentials keyed by registry host as written in image names or mirrors (`ghcr.io`, `docker.io`, `127.0.0.1:5000`). */
export type CredentialMap = Record<string, Credentials>;

export interface BearerAuthOptions {
  credentials?: CredentialMap;
  now?: () => number;
  /** The app's address guard: realms must then be https unless their host is trusted. */
  guard?: AddressGuard;
}

type Challenge = { scheme: 'bearer'; realm: string; service?: string; scope?: string } | { scheme: 'basic' };

interface CachedToken {
  token: Promise<string>;
  expiresAt: number;
}

const TokenResponse = z.looseObject({
  token: z.string().min(1).optional().catch(undefined),
  access_token: z.string().min(1).optional().catch(undefined),
  expires_in: z.number().positive().optional().catch(undefined),
});

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io', 'registry.hub.docker.com']);
const MIN_TOKEN_SECONDS = 60;
const EXPIRY_MARGIN_MS = 10_000;

/** Wraps `http` with challenge-driven authentication. */
export function createBearerAuth(http: RegistryHttp, options: BearerAuthOptions = {}): RegistryHttp {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, CachedToken>();
  const challenges = new Map<string, Challenge>();

  const tokenFor = (challenge: Challenge & { scheme: 'bearer' }, request: HttpRequest, fresh: boolean): Promise<string> => {
    const credentialed = sendableCredentials(options.credentials, request.url, challenge.realm) !== undefined;
    const key = `${originOf(request.url)}\n${credentialed}\n${challenge.realm}\n${challenge.service ?? ''}\n${challenge.scope ?? ''}`;
    const cached = tokens.get(key);
    if (cached && !fresh && cached.expiresAt > now()) return cached.token;
    const entry: CachedToken = { token: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY };
    entry.token = fetchToken(http, challenge, request, options.credentials).then(
      ({ token, expiresInSeconds }) => {
        entry.expiresAt = now() + Math.max(MIN_TOKEN_SECONDS, expiresInSeconds) * 1000 - EXPIRY_MARGIN_MS;
        return token;
      },
      (error: unknown) => {
        if (tokens.get(key) === entry) tokens.delete(key);
        throw error;
      },
    );
    tokens.set(key, entry);
    return entry.token;
  };

  const authorization = async (challenge: Challenge, request: HttpRequest, fresh: boolean): Promise<string> => {
    if (challenge.scheme === 'bearer') {
      checkRealm(challenge.realm, request, options.guard);
      return `Bearer ${await tokenFor(challenge, request, fresh)}`;
    }
    const creds = credentialsFor(options.credentials, request.url);
    if (!creds) throw new RegistryAuthError(request.registry, `${request.registry}: ${describeUrl(request.url)} asks for Basic credentials and none are configured for ${hostOf(request.url)}`);
    if (!secureForCredentials(request.url)) {
      throw new RegistryAuthError(request.registry, `${request.registry}: ${describeUrl(request.url)} asks for Basic credentials over plain http; freshpin sends credentials only over https (or to loopback)`);
    }
    return basicHeader(creds);
  };

  return async (request) => {
    const scopeKey = repositoryKey(request.url);
    const known = challenges.get(scopeKey);
    const send = (auth?: string): Promise<HttpResponse> =>
      http(auth === undefined ? request : { ...request, headers: { ...request.headers, authorization: auth } });

    let response = await send(known ? await authorization(known, request, false) : undefined);
    if (response.status === 401) {
      if (originOf(response.url) !== originOf(request.url)) {
        throw new RegistryAuthError(request.registry, `${request.registry}: ${request.method} ${describeUrl(request.url)} was redirected to ${originOf(response.url)}, which asks for authentication; freshpin authenticates only with the origin it asked`);
      }
      const challenge = parseChallenge(headerValue(response.headers['www-authenticate']));
      if (!challenge) {
        throw new RegistryAuthError(request.registry, `${request.registry}: ${request.method} ${describeUrl(request.url)} answered 401 without a usable challenge`);
      }
      challenges.set(scopeKey, challenge);
      response = await send(await authorization(challenge, request, known !== undefined));
      if (response.status === 401) {
        throw new RegistryAuthError(request.registry, `${request.registry}: ${request.method} ${describeUrl(request.url)} answered 401 after authenticating${hasCredentials(options.credentials, request.url) ? '' : ' (no credentials configured)'}`);
      }
    }
    if (response.status === 403) {
      throw new RegistryAuthError(request.registry, `${request.registry}: ${request.method} ${describeUrl(request.url)} answered 403 (access denied)`);
    }
    return response;
  };
}

/** Parses a `WWW-Authenticate` value: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (header === undefined) return undefined;
  const bearer = /(?:^|[\s,])Bearer\s+(.*)$/i.exec(header);
  if (bearer) {
    const params = parseParams(bearer[1] ?? '');
    const realm = params.get('realm');
    if (realm === undefined || !/^https?:\/\//i.test(realm)) return undefined;
    const challenge: Challenge = { scheme: 'bearer', realm };
    const service = params.get('service');
    const scope = params.get('scope');
    if (service !== undefined) challenge.service = service;
    if (scope !== undefined) challenge.scope = scope;
    return challenge;
  }
  if (/(?:^|[\s,])Basic(?:\s|$)/i.test(header)) return { scheme: 'basic' };
  return undefined;
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const match of text.matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!params.has(name)) params.set(name, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? ''));
  }
  return params;
}

async function fetchToken(
  http: RegistryHttp,
  challenge: Challenge & { scheme: 'bearer' },
  request: HttpRequest,
  credentials: CredentialMap | undefined,
): Promise<{ token: string; expiresInSeconds: number }> {
  const url = new URL(challenge.realm);
  if (challenge.service !== undefined) url.searchParams.set('service', challenge.service);
  for (const scope of (challenge.scope ?? '').split(' ').filter(Boolean)) url.searchParams.append('scope', scope);
  const creds = sendableCredentials(credentials, request.url, challenge.realm);
  const headers: Record<string, string> = creds ? { authorization: basicHeader(creds) } : {};
  const response = await http({ registry: request.registry, method: 'GET', url: url.toString(), headers, maxBytes: BODY_CAPS.tokenReply });
  const where = `${request.registry}: token request to ${describeUrl(url.toString())}`;
  if (response.status === 401 || response.status === 403) {
    throw new RegistryAuthError(request.registry, `${where} refused (${response.status})${creds ? '' : ' (no credentials configured)'}`);
  }
  if (response.status !== 200) throw new RegistryResponseError(request.registry, `${where} answered ${response.status}`);
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new RegistryResponseError(request.registry, `${where} answered a body that is not JSON`);
  }
  const parsed = TokenResponse.safeParse(json);
  const token = parsed.success ? (parsed.data.token ?? parsed.data.access_token) : undefined;
  if (!parsed.success || token === undefined) throw new RegistryResponseError(request.registry, `${where} answered no token`);
  return { token, expiresInSeconds: parsed.data.expires_in ?? MIN_TOKEN_SECONDS };
}

/** The credentials configured for the host a URL points at (Docker Hub's hosts share `docker.io`'s). */
export function credentialsFor(credentials: CredentialMap | undefined, url: string): Credentials | undefined {
  if (!credentials) return undefined;
  const host = hostOf(url);
  const direct = credentials[host];
  if (direct) return direct;
  if (DOCKER_HUB_HOSTS.has(host)) {
    for (const alias of DOCKER_HUB_HOSTS) if (credentials[alias]) return credentials[alias];
  }
  return undefined;
}

/** The credentials for the registry at `registryUrl`, when they may travel to `realm`: https, or plain http on loopback. */
function sendableCredentials(credentials: CredentialMap | undefined, registryUrl: string, realm: string): Credentials | undefined {
  const creds = credentialsFor(credentials, registryUrl);
  return creds && secureForCredentials(realm) ? creds : undefined;
}

/** https, or plain http to loopback. */
export function secureForCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  } catch {
    return false;
  }
}

/** With the app's guard, a realm must be https unless the operator trusts its host (the guard checks its address when fetched). */
function checkRealm(realm: string, request: HttpRequest, guard: AddressGuard | undefined): void {
  if (guard === undefined) return;
  const url = new URL(realm);
  if (url.protocol === 'https:' || guard.isTrusted(url)) return;
  throw new RegistryAuthError(request.registry, `${request.registry}: ${describeUrl(request.url)} names a token realm that is not https; freshpin refuses it`);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function hasCredentials(credentials: CredentialMap | undefined, url: string): boolean {
  return credentialsFor(credentials, url) !== undefined;
}


function basicHeader(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** `origin + repository` for distribution API URLs (`/v2/<name>/{tags,manifests,blobs}/…`), else the origin. */
function repositoryKey(url: string): string {
  try {
    const parsed = new URL(url);
    const match = /^\/v2\/(.+?)\/(?:tags|manifests|blobs)\//.exec(parsed.pathname);
    return `${parsed.origin} ${match?.[1] ?? ''}`;
  } catch {
    return url;
  }
}
