// Against a real registry (Debian's docker-registry 2.8) on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTagSource } from '../../src/registry/create-tag-source.ts';
import type { RequestEvent } from '../../src/registry/http-client.ts';
import { seedImages } from '../helpers/seed-registry.ts';
import type { SeedImageSpec } from '../helpers/seed-registry.ts';
import type { RunningRegistry } from '../helpers/start-docker-registry.ts';
import { startDockerRegistry } from '../helpers/start-docker-registry.ts';

const SEEDS: SeedImageSpec[] = [
  { repository: 'library/debian', tag: 'bookworm-20250101', platforms: ['linux/amd64', 'linux/arm64/v8'], format: 'oci', attestation: true },
  { repository: 'library/debian', tag: 'bookworm-20250201', platforms: ['linux/amd64', 'linux/arm/v7', 'linux/386'], format: 'docker' },
  { repository: 'library/debian', tag: 'bookworm-20250301-slim', platforms: ['linux/arm64/v8'], format: 'oci' },
  { repository: 'library/debian', tag: 'bullseye-20250101', platforms: ['linux/amd64'], format: 'docker' },
  { repository: 'acme/app', tag: 'v1-20250101', platforms: ['linux/amd64', 'linux/arm64'] },
  ...['a1', 'a2', 'a3', 'a4', 'a5'].map((tag) => ({ repository: 'acme/many', tag })),
];

let registry: RunningRegistry;
let digests: Map<string, string>;

beforeAll(async () => {
  registry = await startDockerRegistry();
  const pushed = await seedImages(registry.url, SEEDS);
  digests = new Map(SEEDS.map((spec, i) => [`${spec.repository}:${spec.tag}`, pushed[i] ?? '']));
});

afterAll(async () => {
  await registry?.stop();
});

describe('OCI source against a real registry', () => {
  const debian = () => ({ registry: registry.host, repository: 'library/debian' });

  it('lists tags by prefix', async () => {
    const listing = await createTagSource().listTags(debian(), 'bookworm-');
    expect(listing.complete).toBe(true);
    expect(listing.tags.map((t) => t.name).sort()).toEqual(['bookworm-20250101', 'bookworm-20250201', 'bookworm-20250301-slim']);
  });

  it.each([
    ['an OCI index with an attestation', 'bookworm-20250101', ['linux/amd64', 'linux/arm64/v8']],
    ['a Docker manifest list', 'bookworm-20250201', ['linux/amd64', 'linux/arm/v7', 'linux/386']],
    ['a single OCI manifest', 'bookworm-20250301-slim', ['linux/arm64/v8']],
    ['a single Docker manifest', 'bullseye-20250101', ['linux/amd64']],
  ])('describes %s', async (_name, tag, platforms) => {
    const facts = await createTagSource().describeTag(debian(), tag);
    expect(facts).toEqual({ exists: true, digest: digests.get(`library/debian:${tag}`), platforms });
  });

  it('says a missing tag does not exist', async () => {
    expect(await createTagSource().describeTag(debian(), 'bookworm-19990101')).toEqual({ exists: false });
  });

  it('lists a missing repository as empty', async () => {
    expect(await createTagSource().listTags({ registry: registry.host, repository: 'nobody/nothing' }, '')).toEqual({ tags: [], complete: true });
  });

  // distribution 2.8 ignores `n` on tags/list and answers every tag in one page, so
  // Link pagination and the page cap are covered by the nock tests instead.
  it('lists every tag of a repository in one answer', async () => {
    const listing = await createTagSource().listTags({ registry: registry.host, repository: 'acme/many' }, 'a');
    expect(listing.complete).toBe(true);
    expect(listing.tags.map((t) => t.name).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });
});

describe('docker.io through a loopback mirror with the Hub API off', () => {
  const debian = { registry: 'docker.io', repository: 'library/debian' };

  it('lists and describes through the mirror, asking each question once', async () => {
    const events: RequestEvent[] = [];
    const source = createTagSource({ mirrors: { 'docker.io': registry.url }, hubApiUrl: 'none', onRequest: (e) => events.push(e) });
    const listing = await source.listTags(debian, 'bullseye-');
    expect(listing).toEqual({ complete: true, tags: [{ name: 'bullseye-20250101' }] });
    const facts = await source.describeTag(debian, 'bookworm-20250101');
    expect(facts).toEqual({ exists: true, digest: digests.get('library/debian:bookworm-20250101'), platforms: ['linux/amd64', 'linux/arm64/v8'] });

    const before = events.length;
    await Promise.all([source.listTags(debian, 'bullseye-'), source.describeTag(debian, 'bookworm-20250101'), source.describeTag(debian, 'bookworm-20250101')]);
    expect(events.length).toBe(before);
    expect(events.every((e) => e.url.startsWith(`${registry.url}/v2/library/debian/`))).toBe(true);
    expect(events.map((e) => `${e.method} ${e.status}`)).toEqual(['GET 200', 'HEAD 200', 'GET 200']);
  });
});
