// A tiny in-memory registry world behind the FactsView interface, and the fetching loop
// that drives planPin as the real adapter loop will: ask, answer, call again.
import { expect } from 'vitest';
import { displayImageName } from '../../../src/core/dockerfile/parse-image-ref.ts';
import type { FromLine, Pin, RefPart, TagFacts, TagListing, FactError } from '../../../src/core/model.ts';
import { createFactsStore, factKey } from '../../../src/core/plan/facts-store.ts';
import type { FactsStore } from '../../../src/core/plan/facts-store.ts';
import { planPin } from '../../../src/core/plan/plan-pin.ts';
import type { FactQuery, PinPlan, PlanPolicy, Step } from '../../../src/core/plan/plan-types.ts';

export interface FakeTag {
  platforms: string[];
  digest?: string;
  /** Left out of listings (as when a listing is cut short). */
  unlisted?: boolean;
}

export interface FakeImage {
  tags: Record<string, FakeTag>;
  /** hub: complete with digests and platforms; names: complete, names only; partial: names only, cut short. */
  listing?: 'hub' | 'names' | 'partial' | 'error';
  describe?: 'ok' | 'error';
}

/** Images by display name: `debian`, `hexpm/elixir`. */
export type World = Record<string, FakeImage>;

export const AMD_ARM = ['linux/amd64', 'linux/arm64/v8', 'unknown/unknown'];
export const ELIXIR = 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-';

/** Tags `prefix + date + suffix` for each date, all with the same platforms. */
export function dated(prefix: string, suffix: string, dates: string[], platforms = AMD_ARM): Record<string, FakeTag> {
  return Object.fromEntries(dates.map((date) => [`${prefix}${date}${suffix}`, { platforms, digest: `sha256:${date.repeat(8)}` }]));
}

export function answer(world: World, query: FactQuery): TagListing | TagFacts | FactError {
  const image = world[displayImageName(query.image)] ?? { tags: {} };
  if (query.type === 'list') {
    const mode = image.listing ?? 'hub';
    if (mode === 'error') return { error: 'Docker Hub answered 503' };
    const names = Object.entries(image.tags).filter(([name, tag]) => name.startsWith(query.prefix) && !(mode === 'partial' && tag.unlisted));
    const tags = names.map(([name, tag]) => (mode === 'hub' ? { name, digest: tag.digest, platforms: tag.platforms } : { name }));
    return { tags, complete: mode !== 'partial' };
  }
  if (image.describe === 'error') return { error: 'registry timed out' };
  const tag = image.tags[query.tag];
  if (tag === undefined) return { exists: false };
  return tag.digest === undefined ? { exists: true, platforms: tag.platforms } : { exists: true, digest: tag.digest, platforms: tag.platforms };
}

/**
 * Drives a stepping function to the end, answering from the world. Fails the test when a
 * query repeats one already answered or one in the same round.
 */
export function drive<T>(step: (facts: FactsStore) => Step<T> | { kind: 'done'; plan: T }, world: World, store = createFactsStore()) {
  const rounds: FactQuery[][] = [];
  for (let round = 0; round < 50; round++) {
    const result = step(store);
    if (result.kind === 'done') return { value: 'plan' in result ? result.plan : result.value, rounds, store };
    const keys = result.queries.map(factKey);
    expect(new Set(keys).size, 'a round repeats a query').toBe(keys.length);
    for (const query of result.queries) {
      expect(store.has(query), `asked again: ${factKey(query)}`).toBe(false);
      store.record(query, answer(world, query));
    }
    rounds.push(result.queries);
  }
  throw new Error('the plan did not finish in 50 rounds');
}

export const POLICY: PlanPolicy = { minimumAgeDays: 0, ignore: [], migrate: false };

/** Runs planPin to the end. */
export function runPlan(pin: Pin, froms: FromLine[], world: World, now: Date, policy: Partial<PlanPolicy> = {}) {
  const result = drive((facts) => planPin({ pin, froms, policy: { ...POLICY, ...policy }, now, facts }), world);
  return { plan: result.value as PinPlan, rounds: result.rounds };
}

/** A FROM whose resolved reference is `before + <pin value> + after`. */
export function fromImage(line: number, before: string, pinId: string, value: string, after = ''): FromLine {
  const parts: RefPart[] = [];
  if (before !== '') parts.push({ kind: 'text', text: before });
  parts.push({ kind: 'pin', pinId, value });
  if (after !== '') parts.push({ kind: 'text', text: after });
  return { line, kind: 'image', raw: `${before}\${PIN}${after}`, resolved: `${before}${value}${after}`, parts };
}

export function argPin(name: string, value: string, feeds: number[]): Pin {
  return { id: `arg:${name}`, kind: 'arg', name, line: 1, value, valueRange: { start: 0, end: value.length }, feeds };
}

/** The Phoenix-style Dockerfile: one ARG feeding the hexpm/elixir builder and the debian runner. */
export function coupled(value = 'bullseye-20250520-slim') {
  const pin = argPin('DEBIAN_VERSION', value, [0, 1]);
  const froms = [fromImage(6, ELIXIR, pin.id, value), fromImage(20, 'debian:', pin.id, value)];
  return { pin, froms };
}

/** The queries of a round as short strings, for readable assertions. */
export function show(queries: readonly FactQuery[]): string[] {
  return queries.map((q) => `${q.type} ${displayImageName(q.image)} ${q.type === 'list' ? `${q.prefix}*` : q.tag}`);
}
