// The planning core as commands drive it (command-plan-value.ts over drive-fact-queries.ts):
// the exact value a PR proposes, with new digests, for `rebase`/`recreate`; the release
// migration for `upgrade`, refused with the missing image named. Registry facts come from
// an in-memory TagSource (the port), never from freshpin's own modules faked.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { displayImageName } from '../../../src/core/dockerfile/parse-image-ref.ts';
import type { ImageName, TagFacts, TagListing } from '../../../src/core/model.ts';
import { RegistryUnavailableError } from '../../../src/registry/registry-errors.ts';
import type { TagSource } from '../../../src/registry/tag-source.ts';
import type { BasePin } from '../../../src/services/planning/plan-pull-value.ts';
import { planExactValue, planUpgrade } from '../../../src/services/planning/plan-pull-value.ts';
import { driveFactQueries } from '../../../src/services/planning/drive-fact-queries.ts';
import { analyzeFiles } from '../../../src/services/planning/plan-repository.ts';
import type { RepoJob } from '../../../src/services/repo-job.ts';

const NOW = new Date('2026-11-29T00:00:00Z');
const MULTI = ['linux/amd64', 'linux/arm64'];
const POLICY = { minimumAgeDays: 0, ignore: [], migrate: false };
const digest = (c: string) => `sha256:${c.repeat(64)}`;

/** A TagSource over a map of `image → tag → facts`; counts the requests. */
function memorySource(world: Record<string, Record<string, { platforms: string[]; digest?: string }>>, options: { down?: string[] } = {}) {
  const calls: string[] = [];
  const source: TagSource = {
    async listTags(image: ImageName, prefix: string): Promise<TagListing> {
      const name = displayImageName(image);
      calls.push(`list ${name} ${prefix}`);
      if (options.down?.includes(name)) throw new RegistryUnavailableError(image.registry, `${name} is down`);
      const tags = Object.entries(world[name] ?? {}).filter(([tag]) => tag.startsWith(prefix));
      return { tags: tags.map(([tag, facts]) => ({ name: tag, ...facts })), complete: true };
    },
    async describeTag(image: ImageName, tag: string): Promise<TagFacts> {
      const name = displayImageName(image);
      calls.push(`describe ${name} ${tag}`);
      if (options.down?.includes(name)) throw new RegistryUnavailableError(image.registry, `${name} is down`);
      const facts = world[name]?.[tag];
      return facts === undefined ? { exists: false } : { exists: true, platforms: facts.platforms, ...(facts.digest === undefined ? {} : { digest: facts.digest }) };
    },
  };
  return { source, calls };
}

function jobWith(source: TagSource): RepoJob {
  return { tagSource: source, now: NOW, log: pino({ level: 'silent' }) } as unknown as RepoJob;
}

function basePin(text: string, pinId: string): BasePin {
  const [file] = analyzeFiles([{ path: 'Dockerfile', text }], NOW);
  const analysis = file!.analysis!;
  const pin = analysis.pins.find((p) => p.id === pinId)!;
  return { baseSha: 'b'.repeat(40), text, analysis, pin };
}

const PHOENIX = [
  'ARG DEBIAN_VERSION=bullseye-20250520-slim',
  'FROM hexpm/elixir:1.18.4-erlang-27.2.4-debian-${DEBIAN_VERSION} AS builder',
  'FROM debian:${DEBIAN_VERSION}',
  '',
].join('\n');

const ELIXIR = '1.18.4-erlang-27.2.4-debian-';

describe('planExactValue (rebase, recreate)', () => {
  it('asks nothing of the registry when no fed FROM carries a digest', async () => {
    const { source, calls } = memorySource({});
    const result = await planExactValue(jobWith(source), basePin(PHOENIX, 'arg:DEBIAN_VERSION'), 'bullseye-20250610-slim', POLICY);
    expect(result).toEqual({
      ok: true,
      images: [
        { ref: 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim', proposed: 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-bullseye-20250610-slim', platforms: [] },
        { ref: 'debian:bullseye-20250520-slim', proposed: 'debian:bullseye-20250610-slim', platforms: [] },
      ],
    });
    expect(calls).toEqual([]);
  });

  it('looks up the new digest where the FROM pins one', async () => {
    const text = `FROM debian:bullseye-20250520-slim@${digest('a')}\n`;
    const { source } = memorySource({ debian: { 'bullseye-20250520-slim': { platforms: MULTI, digest: digest('a') }, 'bullseye-20250610-slim': { platforms: MULTI, digest: digest('c') } } });
    const result = await planExactValue(jobWith(source), basePin(text, 'from:1'), 'bullseye-20250610-slim', POLICY);
    expect(result).toEqual({ ok: true, images: [{ ref: `debian:bullseye-20250520-slim@${digest('a')}`, proposed: `debian:bullseye-20250610-slim@${digest('c')}`, digest: digest('c'), platforms: MULTI }] });
  });

  it.each([
    ['the tag is gone', {}, 'debian has no bullseye-20250610-slim'],
    ['the registry is down', 'down', 'debian unknown, skipped'],
  ] as const)('refuses when %s', async (_case, world, problem) => {
    const text = `FROM debian:bullseye-20250520-slim@${digest('a')}\n`;
    const { source } = world === 'down' ? memorySource({}, { down: ['debian'] }) : memorySource({ debian: { 'bullseye-20250520-slim': { platforms: MULTI, digest: digest('a') } } });
    const result = await planExactValue(jobWith(source), basePin(text, 'from:1'), 'bullseye-20250610-slim', POLICY);
    expect(result).toEqual({ ok: false, problem: expect.stringContaining(problem) });
  });
});

describe('planUpgrade', () => {
  const world = {
    debian: Object.fromEntries(['bullseye-20250520-slim', 'bookworm-20251117-slim', 'trixie-20251020-slim', 'trixie-20251117-slim'].map((tag) => [tag, { platforms: MULTI }])),
    'hexpm/elixir': Object.fromEntries([`${ELIXIR}bullseye-20250520-slim`, `${ELIXIR}trixie-20251020-slim`].map((tag) => [tag, { platforms: MULTI }])),
  };

  it('names the image that lacks the target release', async () => {
    const { source } = memorySource(world);
    const result = await planUpgrade(jobWith(source), basePin(PHOENIX, 'arg:DEBIAN_VERSION'), 'bookworm', POLICY);
    expect(result).toEqual({ ok: false, problem: expect.stringContaining(`hexpm/elixir has no ${ELIXIR}bookworm-20251117-slim`) });
  });

  it('proposes the newest value every fed image has for the target', async () => {
    const { source } = memorySource(world);
    const result = await planUpgrade(jobWith(source), basePin(PHOENIX, 'arg:DEBIAN_VERSION'), 'trixie', POLICY);
    expect(result).toMatchObject({ ok: true, codename: 'trixie', proposal: { proposed: 'trixie-20251020-slim' } });
  });

  it('without a codename, takes the nearest release that qualifies (facts asked once)', async () => {
    const { source, calls } = memorySource(world);
    const result = await planUpgrade(jobWith(source), basePin(PHOENIX, 'arg:DEBIAN_VERSION'), undefined, POLICY);
    expect(result).toMatchObject({ ok: true, codename: 'trixie' });
    expect(new Set(calls).size).toBe(calls.length);
  });

  it.each([
    ['bullseye', 'the pin is already on `bullseye`'],
    ['buster', '`buster` is not a released, supported Debian release after `bullseye` (those are: `bookworm`, `trixie`)'],
    ['forky', '`forky` is not a released, supported Debian release'],
  ])('refuses %s', async (codename, problem) => {
    const { source, calls } = memorySource(world);
    const result = await planUpgrade(jobWith(source), basePin(PHOENIX, 'arg:DEBIAN_VERSION'), codename, POLICY);
    expect(result).toEqual({ ok: false, problem: expect.stringContaining(problem) });
    expect(calls).toEqual([]);
  });
});

describe('driveFactQueries', () => {
  it('asks each fact once, records registry failures as facts, and counts the unreachable', async () => {
    const { source, calls } = memorySource({ debian: { 'a-20250101': { platforms: MULTI } } }, { down: ['quay.io/x'] });
    const image = { registry: 'docker.io', repository: 'library/debian' };
    const down = { registry: 'quay.io', repository: 'x' };
    const driven = await driveFactQueries(
      ['one', 'two'].map((key) => ({
        key,
        step: (facts) => {
          const a = facts.listing(image, 'a-');
          const b = facts.listing(down, 'a-');
          if (a === undefined || b === undefined) return { kind: 'need', queries: [{ type: 'list', image, prefix: 'a-' }, { type: 'list', image: down, prefix: 'a-' }] };
          return { kind: 'done', value: { a, b } };
        },
      })),
      source,
    );
    expect(calls).toEqual(['list debian a-', 'list quay.io/x a-']);
    expect(driven.values.get('one')).toEqual({ a: { tags: [{ name: 'a-20250101', platforms: MULTI }], complete: true }, b: { error: 'quay.io/x is down' } });
    expect(driven).toMatchObject({ fetched: 2, unreachable: 1, firstUnreachable: 'quay.io/x is down' });
  });

  it('fails loudly when a step never settles', async () => {
    const { source } = memorySource({});
    await expect(driveFactQueries([{ key: 'stuck', step: () => ({ kind: 'need', queries: [] }) }], source, { what: 'test decision' })).rejects.toThrow('the test decision did not settle for stuck');
  });
});
