// TagSource for any OCI distribution registry (ghcr.io, quay.io, a local registry, or
// Docker Hub behind a mirror with the Hub API switched off).
import { z } from 'zod';
import type { ImageName, ListedTag, TagFacts } from '../core/model.ts';
import type { RepositoryLocation } from './distribution-api.ts';
import { headManifest, readManifestPlatforms } from './distribution-api.ts';
import type { RegistryHttp } from './http-client.ts';
import { BODY_CAPS } from './read-capped-body.ts';
import { parseLinkNext, readJsonBody, responseHeader, unexpectedStatus } from './read-json-body.ts';
import { readTagPages } from './read-tag-pages.ts';
import type { TagSource } from './tag-source.ts';

export interface OciDistributionSourceOptions {
  /** Authenticated, retrying HTTP. */
  http: RegistryHttp;
  /** Distribution API base URL for an image's registry (mirror-aware). */
  baseUrlFor: (image: ImageName) => string;
  /** Most pages fetched per listing; more means complete:false. Default 10. */
  pageCap?: number;
  /** `n` asked per page. Default 1000. */
  pageSize?: number;
}

const TagsListSchema = z.looseObject({
  tags: z.array(z.string()).nullish(),
});

/** Lists with `GET /v2/<name>/tags/list` and describes with manifest HEAD + GET. */
export function createOciDistributionSource(options: OciDistributionSourceOptions): TagSource {
  const pageCap = options.pageCap ?? 10;
  const pageSize = options.pageSize ?? 1000;
  const locate = (image: ImageName): RepositoryLocation => ({ registry: image.registry, baseUrl: options.baseUrlFor(image), repository: image.repository });

  return {
    async listTags(image, prefix) {
      const location = locate(image);
      const origin = new URL(location.baseUrl).origin;
      const first = new URL(`${location.baseUrl}/v2/${location.repository}/tags/list?n=${pageSize}`);
      return readTagPages(first, pageCap, async (url) => {
        const response = await options.http({ registry: image.registry, method: 'GET', url: url.toString(), maxBytes: BODY_CAPS.tagListPage });
        if (response.status === 404) return 'not-found';
        if (response.status !== 200) throw unexpectedStatus(image.registry, 'GET', response);
        const body = readJsonBody(image.registry, response, TagsListSchema);
        const tags: ListedTag[] = (body.tags ?? []).filter((name) => name.startsWith(prefix)).map((name) => ({ name }));
        const next = parseLinkNext(responseHeader(response, 'link'), response.url);
        // A next page on another origin is not followed (credentials stay with their origin).
        return { tags, next: next !== undefined && next.origin !== origin ? 'stop' : next };
      });
    },

    async describeTag(image, tag): Promise<TagFacts> {
      const location = locate(image);
      const head = await headManifest(options.http, location, tag);
      if (head === undefined) return { exists: false };
      const manifest = await readManifestPlatforms(options.http, location, head.digest ?? tag);
      if (manifest === undefined) return { exists: false };
      return { exists: true, digest: head.digest ?? manifest.digest, platforms: manifest.platforms };
    },
  };
}
