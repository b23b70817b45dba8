// The one entry point the CLI and app use: a TagSource routing each image to the Docker
// Hub source or the OCI distribution source, behind one shared HTTP client, token cache
// and run-scoped answer cache. Options are values; nothing here reads the environment.
import type { ImageName } from '../core/model.ts';
import type { CredentialMap } from './bearer-auth.ts';
import { createBearerAuth } from './bearer-auth.ts';
import { createCachingTagSource } from './caching-tag-source.ts';
import { createDockerHubSource } from './docker-hub-source.ts';
import type { AddressGuard } from './guard-registry-address.ts';
import type { HttpTimeouts, RequestEvent } from './http-client.ts';
import { createRegistryHttp } from './http-client.ts';
import { createOciDistributionSource } from './oci-distribution-source.ts';
import type { MirrorMap } from './resolve-registry-endpoint.ts';
import { normaliseRegistryHost, resolveRegistryEndpoint } from './resolve-registry-endpoint.ts';
import type { TagSource } from './tag-source.ts';

export interface CreateTagSourceOptions {
  /** Registry host → distribution API base URL (see parseMirrors). */
  mirrors?: MirrorMap;
  /** Docker Hub API base (default https://hub.docker.com); `'none'` lists docker.io through the distribution API. */
  hubApiUrl?: string;
  /** Registry host → Basic credentials (see parseRegistryCredentials). */
  credentials?: CredentialMap;
  /** Called after every HTTP attempt. */
  onRequest?: (event: RequestEvent) => void;
  timeouts?: HttpTimeouts;
  /** Most pages per listing (Hub and OCI). Default 10. */
  pageCap?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Retries after the first attempt. Default 3. */
  retryLimit?: number;
  /** Longest 429 wait honoured, in ms. Default 60 000. */
  maxRetryAfterMs?: number;
  /** The app's SSRF guard (see guard-registry-address.ts); the CLI leaves it out. */
  guard?: AddressGuard;
}

/** Builds the routed, cached TagSource for one run. */
export function createTagSource(options: CreateTagSourceOptions = {}): TagSource {
  const http = createBearerAuth(
    createRegistryHttp({
      timeouts: options.timeouts,
      onRequest: options.onRequest,
      sleep: options.sleep,
      random: options.random,
      retryLimit: options.retryLimit,
      maxRetryAfterMs: options.maxRetryAfterMs,
      guard: options.guard,
    }),
    { credentials: options.credentials, guard: options.guard },
  );
  const endpointOptions = { mirrors: options.mirrors, hubApiUrl: options.hubApiUrl };
  const oci = createOciDistributionSource({
    http,
    baseUrlFor: (image) => resolveRegistryEndpoint(image, endpointOptions).baseUrl,
    pageCap: options.pageCap,
  });
  const hubSources = new Map<string, TagSource>();

  const route = (image: ImageName): TagSource => {
    const endpoint = resolveRegistryEndpoint(image, endpointOptions);
    if (endpoint.hubApiUrl === undefined) return oci;
    const key = `${endpoint.hubApiUrl} ${endpoint.baseUrl}`;
    let hub = hubSources.get(key);
    if (hub === undefined) {
      hub = createDockerHubSource({ http, hubApiUrl: endpoint.hubApiUrl, registryBaseUrl: endpoint.baseUrl, pageCap: options.pageCap });
      hubSources.set(key, hub);
    }
    return hub;
  };

  return createCachingTagSource({
    listTags: (image, prefix) => route(image).listTags(normalise(image), prefix),
    describeTag: (image, tag) => route(image).describeTag(normalise(image), tag),
  });
}

/** Folds Docker Hub's host aliases into `docker.io`, so errors and events name the registry one way. */
function normalise(image: ImageName): ImageName {
  const registry = normaliseRegistryHost(image.registry);
  return registry === image.registry ? image : { ...image, registry };
}
