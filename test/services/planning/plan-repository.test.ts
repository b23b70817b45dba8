// planRepository behind a fake TagSource (the port, not a module mock) that counts calls
// and caches nothing: the facts are shared across every pin of every file, so registry
// traffic depends on the families, not on how many files use them.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config/parse-config.ts';
import { displayImageName } from '../../../src/core/dockerfile/parse-image-ref.ts';
import type { ImageName, TagFacts, TagListing } from '../../../src/core/model.ts';
import { RegistryResponseError, RegistryUnavailableError } from '../../../src/registry/registry-errors.ts';
import type { TagSource } from '../../../src/registry/tag-source.ts';
import { planRepository } from '../../../src/services/planning/plan-repository.ts';

const NOW = new Date('2026-11-29T00:00:00Z');
const MULTI = ['linux/amd64', 'linux/arm64/v8'];

/** Images by display name → tag → platforms. Listings carry names only, as OCI registries' do. */
type World = Record<string, Record<string, string[]>>;

const WORLD: World = {
  debian: Object.fromEntries(
    ['bookworm-20251020-slim', 'bookworm-20251117-slim', 'bullseye-20250520-slim', 'bullseye-20250610-slim', 'bullseye-20250721-slim', 'trixie-20251020-slim'].map((tag) => [tag, MULTI]),
  ),
  'hexpm/elixir': Object.fromEntries(['1.18-bullseye-20250520-slim', '1.18-bullseye-20250610-slim', '1.18-trixie-20251020-slim'].map((tag) => [tag, MULTI])),
  'acme/app': { 'v1-20250101': MULTI, 'v1-20250201': MULTI, 'v1-20250301': ['linux/amd64'] },
};

interface Calls {
  list: number;
  describe: number;
  queries: string[];
}

function fakeTagSource(world: World, fail?: (image: ImageName) => Error | undefined): { source: TagSource; calls: Calls } {
  const calls: Calls = { list: 0, describe: 0, queries: [] };
  const source: TagSource = {
    async listTags(image, prefix): Promise<TagListing> {
      calls.list += 1;
      calls.queries.push(`list ${displayImageName(image)} ${prefix}`);
      const error = fail?.(image);
      if (error !== undefined) throw error;
      const tags = Object.keys(world[displayImageName(image)] ?? {}).filter((tag) => tag.startsWith(prefix));
      return { tags: tags.map((name) => ({ name })), complete: true };
    },
    async describeTag(image, tag): Promise<TagFacts> {
      calls.describe += 1;
      calls.queries.push(`describe ${displayImageName(image)}:${tag}`);
      const error = fail?.(image);
      if (error !== undefined) throw error;
      const platforms = world[displayImageName(image)]?.[tag];
      return platforms === undefined ? { exists: false } : { exists: true, digest: `sha256:${'0'.repeat(64)}`, platforms };
    },
  };
  return { source, calls };
}

/** Three families: a FROM literal, an ARG-fed tag, and one ARG coupling two images. */
const TEMPLATES = [
  'FROM debian:bookworm-20251020-slim\nRUN true\n',
  'ARG V=v1-20250101\nFROM acme/app:${V}\n',
  'ARG D=bullseye-20250520-slim\nFROM hexpm/elixir:1.18-${D} AS build\nFROM debian:${D}\nCOPY --from=build /app /app\n',
];

function manyFiles(count: number) {
  return Array.from({ length: count }, (_, i) => ({ path: `svc-${i}/Dockerfile`, text: TEMPLATES[i % TEMPLATES.length] ?? '' }));
}

async function plan(files: ReturnType<typeof manyFiles>, source: TagSource, config = defaultConfig()) {
  return planRepository({ files, config, now: NOW, tagSource: source });
}

describe('planRepository', () => {
  it('issues the same registry calls for 5 files as for 500 sharing the same 3 families', async () => {
    const few = fakeTagSource(WORLD);
    const many = fakeTagSource(WORLD);
    const small = await plan(manyFiles(5), few.source);
    const large = await plan(manyFiles(500), many.source);
    expect(few.calls.list + few.calls.describe).toBeGreaterThan(0);
    expect({ list: many.calls.list, describe: many.calls.describe }).toEqual({ list: few.calls.list, describe: few.calls.describe });
    expect(new Set(many.calls.queries).size).toBe(many.calls.queries.length);
    expect(large.report.updates).toHaveLength(500);
    expect(large.changes).toHaveLength(500);
    expect(small.report.updates.map((u) => u.proposed)).toEqual(['bookworm-20251117-slim', 'v1-20250201', 'bullseye-20250610-slim', 'bookworm-20251117-slim', 'v1-20250201']);
  });

  it('reports the coupled decision and the platform shrink', async () => {
    const { source } = fakeTagSource(WORLD);
    const { report } = await plan(manyFiles(3), source);
    const [, app, coupled] = report.updates;
    expect(app?.skipped).toEqual([{ value: 'v1-20250301', reason: 'acme/app:v1-20250301 lacks linux/arm64' }]);
    expect(coupled?.skipped).toEqual([{ value: 'bullseye-20250721-slim', reason: 'hexpm/elixir has no 1.18-bullseye-20250721-slim' }]);
    expect(report.pins.find((pin) => pin.name === 'D')).toMatchObject({ eol: { codename: 'bullseye', ended: '2026-08-31' }, migration: { proposed: 'trixie-20251020-slim' } });
  });

  it('applies the config: minimumAge, ignore and migrate', async () => {
    const { source } = fakeTagSource(WORLD);
    const config = { ...defaultConfig(), ignore: ['v1-20250201'], migrate: true };
    const { report } = await plan(manyFiles(3), source, config);
    expect(report.updates.map((u) => u.proposed)).toEqual(['bookworm-20251117-slim', 'trixie-20251020-slim']);
    expect(report.pins.find((pin) => pin.name === 'V')).toMatchObject({ status: 'blocked', reason: 'acme/app:v1-20250301 lacks linux/arm64' });
    const young = await plan(manyFiles(1), fakeTagSource(WORLD).source, { ...defaultConfig(), minimumAge: 400 });
    expect(young.report.pins[0]).toMatchObject({ status: 'blocked', reason: 'younger than minimumAge (400 days)' });
  });

  it('applies per-pin overrides: extra ignored values, and pins left out', async () => {
    const { source } = fakeTagSource(WORLD);
    const { report } = await planRepository({
      files: manyFiles(3),
      config: defaultConfig(),
      now: NOW,
      tagSource: source,
      pinOverrides: (file, stableId) => (file === 'svc-0/Dockerfile' ? { ignore: ['bookworm-20251117-slim'] } : stableId === 'arg:V' ? { skip: true } : undefined),
    });
    expect(report.pins.map((pin) => [pin.file, pin.name, pin.status])).toEqual([
      ['svc-0/Dockerfile', 'debian', 'blocked'],
      ['svc-2/Dockerfile', 'D', 'update'],
    ]);
  });

  it('keeps a file that cannot be parsed as an error, and plans the rest', async () => {
    const { source } = fakeTagSource(WORLD);
    const files = [{ path: 'bad/Dockerfile', text: 'RUN make\nFROM debian:bookworm-20251020-slim\n' }, ...manyFiles(1)];
    const result = await plan(files, source);
    expect(result.files[0]).toMatchObject({ path: 'bad/Dockerfile', error: { line: 1 } });
    expect(result.report.errors).toEqual([{ file: 'bad/Dockerfile', message: expect.stringMatching(/^bad\/Dockerfile:1: /) }]);
    expect(result.report.updates).toHaveLength(1);
  });

  it('reports progress up to every pin', async () => {
    const seen: Array<{ done: number; total: number }> = [];
    await planRepository({ files: manyFiles(6), config: defaultConfig(), now: NOW, tagSource: fakeTagSource(WORLD).source, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ done: 6, total: 6 });
    expect(seen.every((p) => p.total === 6)).toBe(true);
  });

  it('says every registry was unreachable only when every fetch failed so', async () => {
    const down = fakeTagSource(WORLD, (image) => new RegistryUnavailableError(image.registry, `${image.registry}: connect ECONNREFUSED`));
    const result = await plan(manyFiles(3), down.source);
    expect(result.registriesUnreachable).toBe('docker.io: connect ECONNREFUSED');
    expect(result.report.pins.every((pin) => pin.status === 'error')).toBe(true);

    const acmeDown = fakeTagSource(WORLD, (image) => (image.repository === 'acme/app' ? new RegistryUnavailableError(image.registry, 'down') : undefined));
    expect((await plan(manyFiles(3), acmeDown.source)).registriesUnreachable).toBeUndefined();

    const garbage = fakeTagSource(WORLD, (image) => new RegistryResponseError(image.registry, 'bad JSON'));
    expect((await plan(manyFiles(3), garbage.source)).registriesUnreachable).toBeUndefined();
  });

  it('needs no registry for files without dated pins', async () => {
    const { source, calls } = fakeTagSource(WORLD);
    const result = await plan([{ path: 'Dockerfile', text: 'FROM alpine:3.20\n' }], source);
    expect(calls.queries).toEqual([]);
    expect(result.registriesUnreachable).toBeUndefined();
    expect(result.report.pins.map((pin) => pin.status)).toEqual(['unmanaged']);
  });
});
