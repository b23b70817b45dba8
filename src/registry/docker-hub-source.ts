// TagSource for Docker Hub. Candidates come from the Hub API, always with the `name`
// filter and a page cap (hexpm/elixir has about a million tags and must never be listed
// in full). A tag is described by a registry HEAD (which does not count against pull
// limits) plus the single-tag Hub lookup for platforms; never by a registry manifest GET,
// which Docker Hub counts as a pull.
import { z } from 'zod';
import type { ImageName, ListedTag, TagFacts, TagListing } from '../core/model.ts';
import { formatPlatform, headManifest, pathSegment, uniquePlatforms } from './distribution-api.ts';
import type { RegistryHttp } from './http-client.ts';
import { BODY_CAPS } from './read-capped-body.ts';
import { readJsonBody, unexpectedStatus } from './read-json-body.ts';
import { RegistryResponseError } from './registry-errors.ts';
import { readTagPages } from './read-tag-pages.ts';
import type { TagSource } from './tag-source.ts';

export interface DockerHubSourceOptions {
  /** Authenticated, retrying HTTP. */
  http: RegistryHttp;
  /** Hub API base, e.g. `https://hub.docker.com`. */
  hubApiUrl: string;
  /** Distribution API base for the HEAD: `https://registry-1.docker.io` or a mirror. */
  registryBaseUrl: string;
  /** Most Hub pages fetched per listing; more means complete:false. Default 10. */
  pageCap?: number;
}

const nullableString = z.string().nullish().catch(undefined);

const HubImage = z.looseObject({
  architecture: nullableString,
  os: nullableString,
  variant: nullableString,
  digest: nullableString,
  status: nullableString,
});

const HubTag = z.looseObject({
  name: z.string(),
  digest: nullableString,
  images: z.array(HubImage).nullish().catch(undefined),
  tag_status: nullableString,
});

const HubPage = z.looseObject({
  next: nullableString,
  results: z.array(z.unknown()),
});

type HubTag = z.infer<typeof HubTag>;

const PAGE_SIZE = 100;

/** Builds the Docker Hub TagSource. */
export function createDockerHubSource(options: DockerHubSourceOptions): TagSource {
  const pageCap = options.pageCap ?? 10;
  const hubBase = options.hubApiUrl.replace(/\/+$/, '');
  const hubOrigin = new URL(hubBase).origin;

  return {
    async listTags(image, prefix): Promise<TagListing> {
      const tagsUrl = `${hubBase}/v2/namespaces/${hubPath(image)}/tags`;
      const first = new URL(`${tagsUrl}?page_size=${PAGE_SIZE}&name=${encodeURIComponent(prefix)}`);
      return readTagPages(first, pageCap, async (url) => {
        const response = await options.http({ registry: image.registry, method: 'GET', url: url.toString(), maxBytes: BODY_CAPS.hubPage });
        if (response.status === 404) return 'not-found';
        if (response.status !== 200) throw unexpectedStatus(image.registry, 'GET', response);
        const body = readJsonBody(image.registry, response, HubPage);
        const tags: ListedTag[] = [];
        for (const item of body.results) {
          const parsed = HubTag.safeParse(item);
          if (parsed.success && parsed.data.name.startsWith(prefix)) tags.push(toListedTag(parsed.data));
        }
        const next = nextPage(body.next, hubOrigin, prefix);
        return { tags, next: next === null ? 'stop' : next };
      });
    },

    async describeTag(image, tag): Promise<TagFacts> {
      const location = { registry: image.registry, baseUrl: options.registryBaseUrl, repository: image.repository };
      const head = await headManifest(options.http, location, tag);
      if (head === undefined) return { exists: false };
      const url = `${hubBase}/v2/namespaces/${hubPath(image)}/tags/${pathSegment(tag)}`;
      const response = await options.http({ registry: image.registry, method: 'GET', url, maxBytes: BODY_CAPS.hubPage });
      let platforms: string[] = [];
      let hubDigest: string | undefined;
      if (response.status === 200) {
        const hubTag = toListedTag(readJsonBody(image.registry, response, HubTag));
        platforms = hubTag.platforms ?? [];
        hubDigest = hubTag.digest;
      } else if (response.status !== 404) {
        throw unexpectedStatus(image.registry, 'GET', response);
      }
      const digest = head.digest ?? hubDigest;
      return digest !== undefined ? { exists: true, digest, platforms } : { exists: true, platforms };
    },
  };
}

/** `namespace/repositories/name` for the Hub API; official images live in `library`. */
function hubPath(image: ImageName): string {
  const parts = image.repository.split('/');
  const [namespace, name] = parts.length === 1 ? ['library', parts[0]] : parts;
  if (parts.length > 2 || !namespace || !name) {
    throw new RegistryResponseError(image.registry, `${image.registry}: "${image.repository}" is not a Docker Hub repository (namespace/name)`);
  }
  return `${namespace}/repositories/${name}`;
}

/** A Hub result as a ListedTag: digest and platforms (attestations excluded) when given. */
function toListedTag(hubTag: HubTag): ListedTag {
  const listed: ListedTag = { name: hubTag.name };
  if (hubTag.digest) listed.digest = hubTag.digest;
  if (hubTag.images) listed.platforms = uniquePlatforms(hubTag.images.map((img) => formatPlatform(img.os, img.architecture, img.variant)));
  return listed;
}

/**
 * The next page to fetch: undefined when there is none, null when it may not be followed
 * (another origin). The name filter is kept on it whatever the Hub sent.
 */
function nextPage(next: string | null | undefined, origin: string, prefix: string): URL | undefined | null {
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  if (url.searchParams.get('name') !== prefix) url.searchParams.set('name', prefix);
  return url;
}
