import { describe, expect, it } from 'vitest';
import { proposeCodename, searchCodenames } from '../../../src/core/plan/plan-migration.ts';
import type { CodenamesOutcome } from '../../../src/core/plan/plan-migration.ts';
import type { CodenameResult } from '../../../src/core/plan/plan-migration.ts';
import { ELIXIR, POLICY, argPin, coupled, dated, drive, fromImage, runPlan, show } from './fake-registry.ts';
import type { World } from './fake-registry.ts';

const NOW = new Date('2026-11-29T10:00:00Z');
const ELIXIR_TAG = '1.18.4-erlang-27.2.4-debian-';

/** bullseye ended 2026-08-31; debian has bookworm and trixie, hexpm/elixir only trixie. */
function eolWorld(bullseyeDates = ['20250520', '20260810']): World {
  return {
    debian: {
      tags: {
        ...dated('bullseye-', '-slim', bullseyeDates),
        ...dated('bookworm-', '-slim', ['20261020', '20261115']),
        ...dated('trixie-', '-slim', ['20261020', '20261110', '20261128']),
      },
    },
    'hexpm/elixir': {
      tags: {
        ...dated(`${ELIXIR_TAG}bullseye-`, '-slim', bullseyeDates),
        ...dated(`${ELIXIR_TAG}trixie-`, '-slim', ['20261020', '20261110', '20261128']),
      },
    },
  };
}

const BOOKWORM_SKIP = {
  value: 'bookworm',
  reason: `none of 2 bookworm values qualifies; newest bookworm-20261115-slim: hexpm/elixir has no ${ELIXIR_TAG}bookworm-20261115-slim`,
};

describe('planPin: Debian end of life', () => {
  it('reports the end of life and the migration, and keeps the same-codename update when migrate is false', () => {
    const { pin, froms } = coupled();
    const { plan } = runPlan(pin, froms, eolWorld(), NOW);
    expect(plan).toMatchObject({
      status: 'update',
      proposed: 'bullseye-20260810-slim',
      eol: { codename: 'bullseye', ended: '2026-08-31' },
      migration: {
        proposed: 'trixie-20261128-slim',
        images: [
          { ref: `${ELIXIR}bullseye-20250520-slim`, proposed: `${ELIXIR}trixie-20261128-slim` },
          { ref: 'debian:bullseye-20250520-slim', proposed: 'debian:trixie-20261128-slim' },
        ],
      },
      migrationSkipped: [BOOKWORM_SKIP],
    });
  });

  it('proposes the migration over a same-codename update when migrate is true', () => {
    const { pin, froms } = coupled();
    const { plan } = runPlan(pin, froms, eolWorld(), NOW, { migrate: true });
    expect(plan.status).toBe('update');
    expect(plan.proposed).toBe('trixie-20261128-slim');
    expect(plan.images.map((i) => i.proposed)).toEqual([`${ELIXIR}trixie-20261128-slim`, 'debian:trixie-20261128-slim']);
  });

  it.each([
    [false, 'up-to-date', undefined],
    [true, 'update', 'trixie-20261128-slim'],
  ])('without a same-codename update, migrate=%s → %s', (migrate, status, proposed) => {
    const { pin, froms } = coupled();
    const { plan } = runPlan(pin, froms, eolWorld(['20250520']), NOW, { migrate });
    expect(plan.status).toBe(status);
    expect(plan.proposed).toBe(proposed);
    expect(plan.migration?.proposed).toBe('trixie-20261128-slim');
  });

  it('applies minimumAge and ignore to the migration too', () => {
    const { pin, froms } = coupled();
    const { plan } = runPlan(pin, froms, eolWorld(), NOW, { minimumAgeDays: 7, ignore: ['trixie-20261110-slim'] });
    expect(plan.migration?.proposed).toBe('trixie-20261020-slim');
  });

  it('takes bookworm when every fed image has it', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const { plan } = runPlan(pin, [fromImage(1, 'debian:', pin.id, pin.value)], eolWorld(), NOW);
    expect(plan.migration?.proposed).toBe('bookworm-20261115-slim');
    expect(plan.migrationSkipped).toEqual([]);
  });

  it('passes over every codename without a qualifying value', () => {
    const { pin, froms } = coupled();
    const world = eolWorld();
    world['hexpm/elixir'] = { tags: dated(`${ELIXIR_TAG}bullseye-`, '-slim', ['20250520']) };
    const { plan } = runPlan(pin, froms, world, NOW);
    expect(plan.migration).toBeUndefined();
    expect(plan.eol).toEqual({ codename: 'bullseye', ended: '2026-08-31' });
    expect(plan.migrationSkipped).toEqual([
      BOOKWORM_SKIP,
      { value: 'trixie', reason: `none of 3 trixie values qualifies; newest trixie-20261128-slim: hexpm/elixir has no ${ELIXIR_TAG}trixie-20261128-slim` },
    ]);
  });

  it('says so when no image has a codename family at all', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const world: World = { debian: { tags: dated('bullseye-', '-slim', ['20250520']) } };
    const { plan } = runPlan(pin, [fromImage(1, 'debian:', pin.id, pin.value)], world, NOW);
    expect(plan.migrationSkipped).toEqual([
      { value: 'bookworm', reason: 'no dated bookworm tag on the fed images' },
      { value: 'trixie', reason: 'no dated trixie tag on the fed images' },
    ]);
  });

  it('reports the end of life of an unmanaged pin too', () => {
    const pin = argPin('V', 'bullseye-20250520', [0]);
    const { plan, rounds } = runPlan(pin, [fromImage(1, 'example.com/', pin.id, pin.value, ':1')], {}, NOW);
    expect(plan).toMatchObject({ status: 'unmanaged', eol: { codename: 'bullseye', ended: '2026-08-31' } });
    expect(rounds).toEqual([]);
  });

  it('asks the migration lists with the first lists, and nothing about a supported codename', () => {
    const { pin, froms } = coupled();
    const { rounds } = runPlan(pin, froms, eolWorld(), NOW);
    expect(show(rounds[0] ?? [])).toEqual([
      `list hexpm/elixir ${ELIXIR_TAG}bullseye-*`,
      'list debian bullseye-*',
      `list hexpm/elixir ${ELIXIR_TAG}bookworm-*`,
      'list debian bookworm-*',
    ]);
    const supported = runPlan(pin, froms, eolWorld(), new Date('2026-08-31T12:00:00Z'));
    expect(supported.plan.eol).toBeUndefined();
    expect(show(supported.rounds.flat()).some((q) => q.includes('bookworm') || q.includes('trixie'))).toBe(false);
  });
});

describe('proposeCodename', () => {
  function propose(codename: string, pin = coupled().pin, froms = coupled().froms) {
    return drive((facts) => proposeCodename({ pin, froms, policy: POLICY, now: NOW, facts, codename }), eolWorld()).value as CodenameResult;
  }

  it('proposes the newest value of the codename every image has', () => {
    expect(propose('trixie')).toMatchObject({ kind: 'proposal', proposed: 'trixie-20261128-slim' });
  });

  it('says which image is missing', () => {
    expect(propose('bookworm')).toEqual({ kind: 'missing', reasons: [BOOKWORM_SKIP.reason], undecided: false });
  });

  it('needs a codename in the value', () => {
    const pin = argPin('V', 'jammy-20250520', [0]);
    expect(propose('trixie', pin, [fromImage(1, 'ubuntu:', pin.id, pin.value)])).toEqual({ kind: 'missing', reasons: ['jammy-20250520 names no Debian codename'], undecided: false });
  });
});

describe('searchCodenames (the one codename loop of the migration and `upgrade`)', () => {
  const search = (codenames: string[]) => {
    const { pin, froms } = coupled();
    return drive((facts) => searchCodenames({ pin, froms, policy: POLICY, now: NOW, facts }, codenames), eolWorld()).value as CodenamesOutcome;
  };

  it('takes the first codename with a proposal, saying why each one before it has none', () => {
    expect(search(['bookworm', 'trixie'])).toMatchObject({ found: { codename: 'trixie', proposal: { proposed: 'trixie-20261128-slim' } }, passed: [{ codename: 'bookworm', reasons: [BOOKWORM_SKIP.reason] }] });
  });

  it('finds nothing when no codename qualifies', () => {
    expect(search(['bookworm'])).toEqual({ passed: [{ codename: 'bookworm', reasons: [BOOKWORM_SKIP.reason] }] });
  });
});
