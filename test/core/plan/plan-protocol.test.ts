// The query protocol (lists, then describes, then done; nothing asked twice; nothing older
// than a passing candidate asked), listings that do not say enough, and facts that fail.
import { describe, expect, it } from 'vitest';
import { createFactsStore } from '../../../src/core/plan/facts-store.ts';
import { planPin } from '../../../src/core/plan/plan-pin.ts';
import { POLICY, argPin, coupled, dated, fromImage, runPlan, show } from './fake-registry.ts';
import type { World } from './fake-registry.ts';

const NOW = new Date('2025-08-15T10:00:00Z');
const CURRENT = '20250520';
const ELIXIR_TAG = '1.18.4-erlang-27.2.4-debian-bullseye-';

function namesWorld(overrides: Partial<Record<'debian' | 'hexpm/elixir', Partial<World[string]>>> = {}): World {
  return {
    debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250610', '20250721', '20250801']), listing: 'names', ...overrides.debian },
    'hexpm/elixir': { tags: dated(ELIXIR_TAG, '-slim', [CURRENT, '20250610', '20250721']), listing: 'names', ...overrides['hexpm/elixir'] },
  };
}

describe('the query protocol', () => {
  it('asks lists first, then describes, and is done', () => {
    const { pin, froms } = coupled();
    const { plan, rounds } = runPlan(pin, froms, namesWorld(), NOW);
    expect(rounds.map(show)).toEqual([
      [`list hexpm/elixir ${ELIXIR_TAG}*`, 'list debian bullseye-*'],
      [`describe hexpm/elixir ${ELIXIR_TAG}20250721-slim`, `describe hexpm/elixir ${ELIXIR_TAG}20250520-slim`, 'describe debian bullseye-20250721-slim', 'describe debian bullseye-20250520-slim'],
    ]);
    expect(plan.proposed).toBe('bullseye-20250721-slim');
    expect(plan.skipped).toEqual([{ value: 'bullseye-20250801-slim', reason: `hexpm/elixir has no ${ELIXIR_TAG}20250801-slim` }]);
  });

  it('asks about older candidates only while newer ones fail', () => {
    const { pin, froms } = coupled();
    const world = namesWorld({ 'hexpm/elixir': { tags: { ...dated(ELIXIR_TAG, '-slim', [CURRENT, '20250610']), ...dated(ELIXIR_TAG, '-slim', ['20250721'], ['linux/amd64']) } } });
    const { plan, rounds } = runPlan(pin, froms, world, NOW);
    expect(rounds.map(show)).toEqual([
      [`list hexpm/elixir ${ELIXIR_TAG}*`, 'list debian bullseye-*'],
      [`describe hexpm/elixir ${ELIXIR_TAG}20250721-slim`, `describe hexpm/elixir ${ELIXIR_TAG}20250520-slim`, 'describe debian bullseye-20250721-slim', 'describe debian bullseye-20250520-slim'],
      [`describe hexpm/elixir ${ELIXIR_TAG}20250610-slim`, 'describe debian bullseye-20250610-slim'],
    ]);
    expect(plan.proposed).toBe('bullseye-20250610-slim');
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      `hexpm/elixir has no ${ELIXIR_TAG}20250801-slim`,
      `hexpm/elixir:${ELIXIR_TAG}20250721-slim lacks linux/arm64`,
    ]);
  });

  it('needs a single round of lists when the listings carry platforms', () => {
    const { pin, froms } = coupled();
    const world = namesWorld({ debian: { listing: 'hub' }, 'hexpm/elixir': { listing: 'hub' } });
    const { plan, rounds } = runPlan(pin, froms, world, NOW);
    expect(rounds.map((r) => r.map((q) => q.type))).toEqual([['list', 'list']]);
    expect(plan.proposed).toBe('bullseye-20250721-slim');
  });

  it('returns the same queries while nothing is answered', () => {
    const { pin, froms } = coupled();
    const facts = createFactsStore();
    const first = planPin({ pin, froms, policy: POLICY, now: NOW, facts });
    expect(planPin({ pin, froms, policy: POLICY, now: NOW, facts })).toEqual(first);
    expect(first.kind).toBe('need');
  });

  it('proves absence from a complete listing without a describe', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const froms = [fromImage(1, 'debian:', pin.id, pin.value)];
    const world: World = { debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250801']), listing: 'names' } };
    const { rounds } = runPlan(pin, froms, world, NOW);
    expect(rounds.flat().map((q) => (q.type === 'describe' ? q.tag : `list ${q.prefix}`))).toEqual(['list bullseye-', 'bullseye-20250801-slim', 'bullseye-20250520-slim']);
  });
});

describe('incomplete listings', () => {
  it('describes a tag a cut listing does not show', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const froms = [fromImage(1, 'debian:', pin.id, pin.value)];
    const tags = dated('bullseye-', '-slim', [CURRENT, '20250721', '20250801']);
    const coupledFroms = coupled();
    // debian is cut short and hides 20250801; hexpm/elixir's complete listing names it.
    const hidden = { ...tags, 'bullseye-20250801-slim': { ...tags['bullseye-20250801-slim']!, unlisted: true } };
    const world: World = {
      debian: { tags: hidden, listing: 'partial' },
      'hexpm/elixir': { tags: dated(ELIXIR_TAG, '-slim', [CURRENT, '20250801']), listing: 'hub' },
    };
    const { plan, rounds } = runPlan(coupledFroms.pin, coupledFroms.froms, world, NOW);
    expect(plan.proposed).toBe('bullseye-20250801-slim');
    expect(show(rounds.flat())).toContain('describe debian bullseye-20250801-slim');
    // With debian alone, the cut listing shows only 20250721: that is what it proposes.
    expect(runPlan(pin, froms, { debian: { tags: hidden, listing: 'partial' } }, NOW).plan.proposed).toBe('bullseye-20250721-slim');
  });
});

describe('facts that fail', () => {
  it('makes an image whose describes fail unknown, and the pin error when nothing can be decided', () => {
    const { pin, froms } = coupled();
    const { plan, rounds } = runPlan(pin, froms, namesWorld({ 'hexpm/elixir': { describe: 'error' } }), NOW);
    expect(plan.status).toBe('error');
    expect(plan.proposed).toBeUndefined();
    expect(plan.errors).toEqual(['hexpm/elixir unknown, skipped: registry timed out']);
    expect(plan.skipped).toContainEqual({ value: 'bullseye-20250721-slim', reason: 'hexpm/elixir unknown, skipped: registry timed out' });
    // the failing image is not asked about again for older candidates
    expect(show(rounds.flat()).filter((q) => q.startsWith('describe hexpm'))).toHaveLength(2);
  });

  it('is an error when no fed image can be described', () => {
    const { pin, froms } = coupled();
    const world = namesWorld({ debian: { describe: 'error' }, 'hexpm/elixir': { describe: 'error' } });
    const { plan } = runPlan(pin, froms, world, NOW);
    expect(plan.status).toBe('error');
    expect([...plan.errors].sort()).toEqual(['debian unknown, skipped: registry timed out', 'hexpm/elixir unknown, skipped: registry timed out']);
  });

  it('falls back to describes when a listing fails, and still decides', () => {
    const { pin, froms } = coupled();
    const world = namesWorld({ debian: { listing: 'error' } });
    const { plan } = runPlan(pin, froms, world, NOW);
    expect(plan.status).toBe('update');
    expect(plan.proposed).toBe('bullseye-20250721-slim');
    expect(plan.errors).toEqual(['debian: cannot list bullseye-* tags: Docker Hub answered 503']);
  });

  it('is up-to-date when a listing fails but another complete listing has nothing newer', () => {
    const { pin, froms } = coupled();
    const world = namesWorld({ debian: { listing: 'error' }, 'hexpm/elixir': { tags: dated(ELIXIR_TAG, '-slim', [CURRENT]) } });
    expect(runPlan(pin, froms, world, NOW).plan.status).toBe('up-to-date');
  });

  it('is an error when the only listing fails', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const froms = [fromImage(1, 'debian:', pin.id, pin.value)];
    const { plan } = runPlan(pin, froms, { debian: { tags: {}, listing: 'error' } }, NOW);
    expect(plan).toMatchObject({ status: 'error', errors: ['debian: cannot list bullseye-* tags: Docker Hub answered 503'] });
  });
});

describe('pins that cannot be managed', () => {
  it.each([
    ['the date lands in the repository name', argPin('V', 'team20250520', [0]), [fromImage(4, 'ghcr.io/', 'arg:V', 'team20250520', ':latest')], 'FROM on line 4 (ghcr.io/${PIN}:latest): the date lands outside the tag of ghcr.io/team20250520:latest'],
    ['the date runs into other digits', argPin('V', '20250520', [0]), [fromImage(4, 'debian:1', 'arg:V', '20250520')], 'FROM on line 4 (debian:1${PIN}): the date runs into other digits in debian:120250520'],
    ['the pin feeds nothing', argPin('V', 'bullseye-20250520-slim', []), [], 'the value feeds no FROM image'],
    ['the fed FROM is unresolved', argPin('V', 'bullseye-20250520-slim', [0]), [{ line: 2, kind: 'unresolved' as const, raw: '${X}', reason: 'X has no value' }], 'FROM on line 2 (${X}) is not a resolved image: X has no value'],
    ['the fed FROM lacks the pin', argPin('V', 'bullseye-20250520-slim', [0]), [{ line: 2, kind: 'image' as const, raw: 'debian:x', resolved: 'debian:x', parts: [{ kind: 'text' as const, text: 'debian:x' }] }], 'the value does not reach FROM on line 2 (debian:x)'],
  ])('%s', (_name, pin, froms, error) => {
    const { plan, rounds } = runPlan(pin, froms, {}, NOW);
    expect(plan.status).toBe('unmanaged');
    expect(plan.errors).toEqual([error]);
    expect(rounds).toEqual([]);
  });

  it('is unmanaged when any one of its images cannot be managed', () => {
    const pin = argPin('V', '20250520', [0, 1]);
    const froms = [fromImage(1, 'debian:bullseye-', pin.id, pin.value), fromImage(2, 'example.com/b', pin.id, pin.value, ':1')];
    const { plan } = runPlan(pin, froms, {}, NOW);
    expect(plan.status).toBe('unmanaged');
    expect(plan.feeds).toEqual(['debian:bullseye-20250520', 'example.com/b20250520:1']);
  });

  it('merges FROMs that render the same reference', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0, 1]);
    const froms = [fromImage(1, 'debian:', pin.id, pin.value), fromImage(9, 'debian:', pin.id, pin.value)];
    const { plan } = runPlan(pin, froms, { debian: { tags: dated('bullseye-', '-slim', [CURRENT, '20250801']) } }, NOW);
    expect(plan.feeds).toEqual(['debian:bullseye-20250520-slim']);
    expect(plan.images.map((i) => i.proposed)).toEqual(['debian:bullseye-20250801-slim']);
  });

  it('keeps other pins in the same reference as they are', () => {
    const pin = argPin('DATE', '20250520', [0]);
    const froms = [
      {
        line: 3,
        kind: 'image' as const,
        raw: 'debian:${CODENAME}-${DATE}',
        resolved: 'debian:bullseye-20250520',
        parts: [
          { kind: 'text' as const, text: 'debian:' },
          { kind: 'pin' as const, pinId: 'arg:CODENAME', value: 'bullseye' },
          { kind: 'text' as const, text: '-' },
          { kind: 'pin' as const, pinId: 'arg:DATE', value: '20250520' },
        ],
      },
    ];
    const { plan } = runPlan(pin, froms, { debian: { tags: dated('bullseye-', '', [CURRENT, '20250801']) } }, NOW);
    expect(plan).toMatchObject({ status: 'update', proposed: '20250801', images: [{ proposed: 'debian:bullseye-20250801' }] });
  });
});
