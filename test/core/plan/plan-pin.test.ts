import { describe, expect, it } from 'vitest';
import { AMD_ARM, ELIXIR, argPin, coupled, dated, fromImage, runPlan } from './fake-registry.ts';
import type { World } from './fake-registry.ts';

const NOW = new Date('2025-08-15T10:00:00Z');
const CURRENT = '20250520';

/** debian has 0610, 0721, 0801; hexpm/elixir only 0610 (plus the current date in both). */
function coupledWorld(): World {
  return {
    debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250610', '20250721', '20250801']) },
    'hexpm/elixir': { tags: dated(`1.18.4-erlang-27.2.4-debian-bullseye-`, '-slim', [CURRENT, '20250610']) },
  };
}

describe('planPin: the coupled case', () => {
  it('proposes the newest date every fed image has, with a reason for each newer one', () => {
    const { pin, froms } = coupled();
    const { plan } = runPlan(pin, froms, coupledWorld(), NOW);
    expect(plan).toMatchObject({
      status: 'update',
      current: 'bullseye-20250520-slim',
      proposed: 'bullseye-20250610-slim',
      feeds: [`${ELIXIR}bullseye-20250520-slim`, 'debian:bullseye-20250520-slim'],
      errors: [],
    });
    expect(plan.skipped).toEqual([
      { value: 'bullseye-20250801-slim', reason: 'hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bullseye-20250801-slim' },
      { value: 'bullseye-20250721-slim', reason: 'hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bullseye-20250721-slim' },
    ]);
    expect(plan.images).toEqual([
      { ref: `${ELIXIR}bullseye-20250520-slim`, proposed: `${ELIXIR}bullseye-20250610-slim`, platforms: ['linux/amd64', 'linux/arm64/v8'] },
      { ref: 'debian:bullseye-20250520-slim', proposed: 'debian:bullseye-20250610-slim', platforms: ['linux/amd64', 'linux/arm64/v8'] },
    ]);
    expect(plan.eol).toBeUndefined();
    expect(plan.migration).toBeUndefined();
  });

  it.each([
    ['no newer date anywhere', [CURRENT], [CURRENT], 'up-to-date', undefined],
    ['newer dates only on debian', [CURRENT, '20250801'], [CURRENT], 'blocked', undefined],
    ['both have the newest', [CURRENT, '20250801'], [CURRENT, '20250801'], 'update', 'bullseye-20250801-slim'],
    ['an older date is never a candidate', ['20250101', CURRENT], ['20250101', CURRENT], 'up-to-date', undefined],
  ])('%s → %s', (_name, debianDates, elixirDates, status, proposed) => {
    const { pin, froms } = coupled();
    const world: World = {
      debian: { tags: dated('bullseye-', '-slim', debianDates) },
      'hexpm/elixir': { tags: dated('1.18.4-erlang-27.2.4-debian-bullseye-', '-slim', elixirDates) },
    };
    const { plan } = runPlan(pin, froms, world, NOW);
    expect(plan.status).toBe(status);
    expect(plan.proposed).toBe(proposed);
  });

  it('ignores other families of the same prefix and implausible dates', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const tags = {
      ...dated('bullseye-', '-slim', [CURRENT]),
      ...dated('bullseye-', '', ['20250801']),
      ...dated('bullseye-', '-slim-arm', ['20250802']),
      ...dated('bullseye-', '-slim', ['20250817', '20251301']),
      'bullseye-202508030-slim': { platforms: AMD_ARM },
    };
    const { plan } = runPlan(pin, [fromImage(1, 'debian:', pin.id, pin.value)], { debian: { tags } }, NOW);
    expect(plan.status).toBe('up-to-date');
  });

  it('accepts a date of tomorrow but not the day after', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const tags = dated('bullseye-', '-slim', [CURRENT, '20250816', '20250817']);
    const { plan } = runPlan(pin, [fromImage(1, 'debian:', pin.id, pin.value)], { debian: { tags } }, NOW);
    expect(plan.proposed).toBe('bullseye-20250816-slim');
  });
});

describe('planPin: platforms', () => {
  const single = argPin('V', 'bullseye-20250520-slim', [0]);
  const froms = [fromImage(1, 'debian:', single.id, single.value)];

  it.each([
    ['a newer tag that shrinks to amd64 is passed over', ['linux/amd64'], ['linux/amd64', 'linux/arm64/v8'], 'bullseye-20250721-slim', ['debian:bullseye-20250801-slim lacks linux/arm64']],
    ['linux/arm64 and linux/arm64/v8 are the same', ['linux/amd64', 'linux/arm64'], AMD_ARM, 'bullseye-20250801-slim', []],
    ['attestations never count', ['linux/amd64', 'linux/arm64', 'unknown/unknown'], ['linux/amd64', 'linux/arm64'], 'bullseye-20250801-slim', []],
    ['a tag with only attestations lacks everything', ['unknown/unknown'], AMD_ARM, 'bullseye-20250721-slim', ['debian:bullseye-20250801-slim lacks linux/amd64, linux/arm64']],
  ])('%s', (_name, newestPlatforms, currentPlatforms, proposed, reasons) => {
    const tags = {
      ...dated('bullseye-', '-slim', [CURRENT], currentPlatforms),
      ...dated('bullseye-', '-slim', ['20250721'], AMD_ARM),
      ...dated('bullseye-', '-slim', ['20250801'], newestPlatforms),
    };
    const { plan } = runPlan(single, froms, { debian: { tags } }, NOW);
    expect(plan.proposed).toBe(proposed);
    expect(plan.skipped.map((s) => s.reason)).toEqual(reasons);
  });

  it('checks each fed image against its own current platforms', () => {
    const { pin, froms: both } = coupled();
    const world: World = {
      debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250801'], AMD_ARM) },
      'hexpm/elixir': { tags: dated('1.18.4-erlang-27.2.4-debian-bullseye-', '-slim', [CURRENT, '20250801'], ['linux/amd64']) },
    };
    expect(runPlan(pin, both, world, NOW).plan.proposed).toBe('bullseye-20250801-slim');
  });

  it('requires the policy platforms when given, whatever the current tag has', () => {
    const tags = {
      ...dated('bullseye-', '-slim', [CURRENT], ['linux/amd64']),
      ...dated('bullseye-', '-slim', ['20250801'], ['linux/amd64']),
      ...dated('bullseye-', '-slim', ['20250721'], ['linux/amd64', 'linux/arm64']),
    };
    const { plan } = runPlan(single, froms, { debian: { tags } }, NOW, { platforms: ['linux/arm64/v8'] });
    expect(plan.proposed).toBe('bullseye-20250721-slim');
    expect(plan.skipped).toEqual([{ value: 'bullseye-20250801-slim', reason: 'debian:bullseye-20250801-slim lacks linux/arm64' }]);
  });

  it('blocks when every newer tag shrinks', () => {
    const tags = { ...dated('bullseye-', '-slim', [CURRENT]), ...dated('bullseye-', '-slim', ['20250801'], ['linux/amd64']) };
    const { plan } = runPlan(single, froms, { debian: { tags } }, NOW);
    expect(plan).toMatchObject({ status: 'blocked', images: [], skipped: [{ value: 'bullseye-20250801-slim', reason: 'debian:bullseye-20250801-slim lacks linux/arm64' }] });
    expect(plan.proposed).toBeUndefined();
  });
});

describe('planPin: policy', () => {
  const pin = argPin('V', 'bullseye-20250520-slim', [0]);
  const froms = [fromImage(1, 'debian:', pin.id, pin.value)];
  const world: World = { debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250721', '20250801']) } };

  it.each([
    ['minimumAge passes both', { minimumAgeDays: 14 }, 'bullseye-20250801-slim', []],
    ['minimumAge skips the too young', { minimumAgeDays: 15 }, 'bullseye-20250721-slim', [{ value: 'bullseye-20250801-slim', reason: 'younger than minimumAge (15 days)' }]],
    ['ignore skips the exact value', { ignore: ['bullseye-20250801-slim'] }, 'bullseye-20250721-slim', [{ value: 'bullseye-20250801-slim', reason: 'ignored by config' }]],
    ['ignore is exact', { ignore: ['20250801'] }, 'bullseye-20250801-slim', []],
  ])('%s', (_name, policy, proposed, skipped) => {
    const { plan } = runPlan(pin, froms, world, NOW, policy);
    expect(plan.proposed).toBe(proposed);
    expect(plan.skipped).toEqual(skipped);
  });

  it('blocks when every newer value is too young, without asking about them', () => {
    const { plan, rounds } = runPlan(pin, froms, world, NOW, { minimumAgeDays: 60 });
    expect(plan.status).toBe('blocked');
    expect(plan.skipped.map((s) => s.reason)).toEqual(['younger than minimumAge (60 days)', 'younger than minimumAge (60 days)']);
    expect(rounds.flat().every((q) => q.type === 'list')).toBe(true);
  });
});

describe('planPin: digests', () => {
  it('carries the new digest for a fed reference that has one', () => {
    const { pin } = coupled();
    const froms = [fromImage(6, ELIXIR, pin.id, pin.value), fromImage(20, 'debian:', pin.id, pin.value, `@sha256:${'0'.repeat(64)}`)];
    const { plan } = runPlan(pin, froms, coupledWorld(), NOW);
    const digest = `sha256:${'20250610'.repeat(8)}`;
    expect(plan.proposed).toBe('bullseye-20250610-slim');
    expect(plan.images[1]).toEqual({
      ref: `debian:bullseye-20250520-slim@sha256:${'0'.repeat(64)}`,
      proposed: `debian:bullseye-20250610-slim@${digest}`,
      digest,
      platforms: ['linux/amd64', 'linux/arm64/v8'],
    });
    expect(plan.images[0]?.digest).toBeUndefined();
  });

  it('puts the new digest in the value when the digest lies inside it', () => {
    const value = `debian:bullseye-20250520-slim@sha256:${'a'.repeat(64)}`;
    const pin = argPin('IMAGE', value, [0]);
    const froms = [fromImage(3, '', pin.id, value)];
    const world: World = { debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250801']), listing: 'names' } };
    const { plan } = runPlan(pin, froms, world, NOW);
    const digest = `sha256:${'20250801'.repeat(8)}`;
    expect(plan.proposed).toBe(`debian:bullseye-20250801-slim@${digest}`);
    expect(plan.images).toEqual([{ ref: value, proposed: `debian:bullseye-20250801-slim@${digest}`, digest, platforms: ['linux/amd64', 'linux/arm64/v8'] }]);
  });

  it('describes a listed tag that lacks its digest when a digest is needed', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const froms = [fromImage(1, 'debian:', pin.id, pin.value, `@sha256:${'0'.repeat(64)}`)];
    const tags = dated('bullseye-', '-slim', [CURRENT, '20250801']);
    const { plan, rounds } = runPlan(pin, froms, { debian: { tags, listing: 'names' } }, NOW);
    expect(plan.images[0]?.digest).toBe(`sha256:${'20250801'.repeat(8)}`);
    expect(rounds.flat().filter((q) => q.type === 'describe')).toHaveLength(2);
  });
});
