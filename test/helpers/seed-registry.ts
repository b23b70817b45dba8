// Pushes tiny synthetic images into a loopback registry through the distribution API
// (blob upload POST + PUT, manifest PUT), with plain fetch. Multi-platform images get an
// OCI image index or a Docker manifest list; single-platform images a single manifest.
import { createHash } from 'node:crypto';

export interface SeedImageSpec {
  repository: string;
  tag: string;
  /** `os/arch[/variant]`; default `['linux/amd64']`. More than one makes an index. */
  platforms?: string[];
  format?: 'oci' | 'docker';
  /** Adds a BuildKit-style attestation manifest (platform unknown/unknown) to an OCI index. */
  attestation?: boolean;
  /** Varies the content (and so the digest); default `repository:tag`. */
  label?: string;
}

const MEDIA = {
  oci: {
    index: 'application/vnd.oci.image.index.v1+json',
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** Pushes one image; returns its digest (the index's for multi-platform). */
export async function seedImage(registryUrl: string, spec: SeedImageSpec): Promise<string> {
  const format = spec.format ?? 'oci';
  const media = MEDIA[format];
  const platforms = spec.platforms ?? ['linux/amd64'];
  const label = spec.label ?? `${spec.repository}:${spec.tag}`;
  const base = `${registryUrl.replace(/\/+$/, '')}/v2/${spec.repository}`;

  const pushManifestFor = async (platform: string, reference: string): Promise<Descriptor> => {
    const [os = 'linux', architecture = 'amd64', variant] = platform.split('/');
    const layer = await pushBlob(base, Buffer.from(`layer of ${label} for ${platform}`), media.layer);
    const config = await pushBlob(
      base,
      json({ architecture, os, ...(variant ? { variant } : {}), config: { Labels: { 'freshpin.seed': label } }, rootfs: { type: 'layers', diff_ids: [layer.digest] } }),
      media.config,
    );
    return pushManifest(base, reference, media.manifest, { schemaVersion: 2, mediaType: media.manifest, config, layers: [layer] });
  };

  if (platforms.length === 1 && !spec.attestation) {
    return (await pushManifestFor(platforms[0] ?? 'linux/amd64', spec.tag)).digest;
  }

  const entries: object[] = [];
  for (const platform of platforms) {
    const descriptor = await pushManifestFor(platform, 'by-digest');
    const [os, architecture, variant] = platform.split('/');
    entries.push({ ...descriptor, platform: { architecture, os, ...(variant ? { variant } : {}) } });
    if (spec.attestation) {
      if (format !== 'oci') throw new Error('seedImage: attestations exist only in OCI indexes');
      const statement = await pushBlob(base, json({ _type: 'https://in-toto.io/Statement/v0.1', subject: [descriptor] }), 'application/vnd.in-toto+json');
      const config = await pushBlob(base, json({ architecture: 'unknown', os: 'unknown', rootfs: { type: 'layers', diff_ids: [statement.digest] } }), MEDIA.oci.config);
      const attestation = await pushManifest(base, 'by-digest', MEDIA.oci.manifest, { schemaVersion: 2, mediaType: MEDIA.oci.manifest, config, layers: [statement] });
      entries.push({
        ...attestation,
        platform: { architecture: 'unknown', os: 'unknown' },
        annotations: { 'vnd.docker.reference.digest': descriptor.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
      });
    }
  }
  return (await pushManifest(base, spec.tag, media.index, { schemaVersion: 2, mediaType: media.index, manifests: entries })).digest;
}

/** Pushes each image in turn; returns their digests in order. */
export async function seedImages(registryUrl: string, specs: SeedImageSpec[]): Promise<string[]> {
  const digests: string[] = [];
  for (const spec of specs) digests.push(await seedImage(registryUrl, spec));
  return digests;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function pushBlob(base: string, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = sha256(bytes);
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (start.status !== 202 || location === null) throw new Error(`blob upload start answered ${start.status}`);
  const uploadUrl = new URL(location, base);
  uploadUrl.searchParams.set('digest', digest);
  const put = await fetch(uploadUrl, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  const text = await put.text();
  if (put.status !== 201) throw new Error(`blob upload of ${digest} answered ${put.status}: ${text}`);
  return { mediaType, digest, size: bytes.length };
}

/** PUTs a manifest by tag, or by its own digest when `reference` is `by-digest`. */
async function pushManifest(base: string, reference: string, mediaType: string, manifest: object): Promise<Descriptor> {
  const bytes = json(manifest);
  const digest = sha256(bytes);
  const target = reference === 'by-digest' ? digest : reference;
  const put = await fetch(`${base}/manifests/${target}`, { method: 'PUT', body: bytes, headers: { 'content-type': mediaType } });
  const text = await put.text();
  if (put.status !== 201) throw new Error(`manifest PUT ${target} answered ${put.status}: ${text}`);
  const pushed = put.headers.get('docker-content-digest');
  if (pushed !== null && pushed !== digest) throw new Error(`registry stored ${pushed}, expected ${digest}`);
  return { mediaType, digest, size: bytes.length };
}
