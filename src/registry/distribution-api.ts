// Requests of the OCI distribution API shared by both adapters: manifest HEAD and GET,
// config blobs, and the platform facts read from them.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Platform } from '../core/model.ts';
import type { RegistryHttp } from './http-client.ts';
import { BODY_CAPS } from './read-capped-body.ts';
import { readJsonBody, responseHeader, unexpectedStatus } from './read-json-body.ts';
import { RegistryResponseError } from './registry-errors.ts';

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';

/** Accept header for manifest requests: indexes first, then single manifests. */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

const optionalString = z.string().optional().catch(undefined);

const PlatformSchema = z.looseObject({ os: z.string(), architecture: z.string(), variant: optionalString });

const Descriptor = z.looseObject({
  mediaType: optionalString,
  digest: z.string(),
  platform: PlatformSchema.optional().catch(undefined),
  annotations: z.record(z.string(), z.string()).optional().catch(undefined),
});

const ManifestSchema = z.looseObject({
  mediaType: optionalString,
  manifests: z.array(Descriptor).optional(),
  config: Descriptor.optional(),
});

const ImageConfigSchema = z.looseObject({ os: z.string(), architecture: z.string(), variant: optionalString });

/** Where the distribution API of one repository lives. */
export interface RepositoryLocation {
  /** Registry as the image names it, for errors and events. */
  registry: string;
  /** Distribution API base URL, no trailing slash. */
  baseUrl: string;
  repository: string;
}

/** `os/architecture[/variant]`; undefined for attestation entries (`unknown/unknown`) and blanks. */
export function formatPlatform(os: string | null | undefined, architecture: string | null | undefined, variant?: string | null): Platform | undefined {
  if (!os || !architecture) return undefined;
  if (os === 'unknown' && architecture === 'unknown') return undefined;
  return variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}

/** Removes repeats, keeping first appearances in order. */
export function uniquePlatforms(platforms: Iterable<Platform | undefined>): Platform[] {
  const seen = new Set<Platform>();
  for (const platform of platforms) if (platform !== undefined) seen.add(platform);
  return [...seen];
}

function repoUrl(location: RepositoryLocation, kind: 'manifests' | 'blobs', reference: string): string {
  return `${location.baseUrl}/v2/${location.repository}/${kind}/${pathSegment(reference)}`;
}

/** A tag or digest as a path segment: as is when plain (`sha256:…` keeps its colon), else encoded. */
export function pathSegment(reference: string): string {
  return /^[\w.:+-]+$/.test(reference) ? reference : encodeURIComponent(reference);
}

/**
 * `HEAD` a manifest: undefined when the tag does not exist, else the digest from
 * `Docker-Content-Digest` (which some registries omit: then `digest` is undefined).
 */
export async function headManifest(http: RegistryHttp, location: RepositoryLocation, tag: string): Promise<{ digest?: string } | undefined> {
  const response = await http({ registry: location.registry, method: 'HEAD', url: repoUrl(location, 'manifests', tag), headers: { accept: MANIFEST_ACCEPT } });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw unexpectedStatus(location.registry, 'HEAD', response);
  const digest = responseHeader(response, 'docker-content-digest');
  return digest !== undefined && /^[a-z0-9]+:[a-f0-9]{32,}$/i.test(digest) ? { digest } : {};
}

/**
 * The platforms a manifest serves: an index's `manifests[].platform` (attestations
 * excluded), or for a single image manifest, its config blob's os/architecture/variant.
 * Undefined when the manifest is gone. Also returns the digest computed from the body.
 */
export async function readManifestPlatforms(
  http: RegistryHttp,
  location: RepositoryLocation,
  reference: string,
): Promise<{ platforms: Platform[]; digest: string } | undefined> {
  const response = await http({ registry: location.registry, method: 'GET', url: repoUrl(location, 'manifests', reference), headers: { accept: MANIFEST_ACCEPT }, maxBytes: BODY_CAPS.manifest });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw unexpectedStatus(location.registry, 'GET', response);
  const digest = `sha256:${createHash('sha256').update(response.body, 'utf8').digest('hex')}`;
  const manifest = readJsonBody(location.registry, response, ManifestSchema);
  if (manifest.manifests !== undefined) {
    const platforms = manifest.manifests
      .filter((entry) => entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
      .map((entry) => formatPlatform(entry.platform?.os, entry.platform?.architecture, entry.platform?.variant));
    return { platforms: uniquePlatforms(platforms), digest };
  }
  if (manifest.config !== undefined) {
    const configType = manifest.config.mediaType;
    if (configType !== undefined && configType !== OCI_CONFIG && configType !== DOCKER_CONFIG) return { platforms: [], digest };
    return { platforms: await readConfigPlatform(http, location, manifest.config.digest), digest };
  }
  throw new RegistryResponseError(location.registry, `${location.registry}: manifest ${location.repository}:${reference} is neither an index nor an image manifest`);
}

async function readConfigPlatform(http: RegistryHttp, location: RepositoryLocation, digest: string): Promise<Platform[]> {
  const response = await http({ registry: location.registry, method: 'GET', url: repoUrl(location, 'blobs', digest), maxBytes: BODY_CAPS.manifest });
  if (response.status !== 200) throw unexpectedStatus(location.registry, 'GET', response);
  const config = readJsonBody(location.registry, response, ImageConfigSchema);
  return uniquePlatforms([formatPlatform(config.os, config.architecture, config.variant)]);
}
