// The fed images for exactly one value: no facts when no FROM carries a digest, the new
// digest when one does, and the judge's reasons when an image lacks the value.
import { describe, expect, it } from 'vitest';
import { planExactValue } from '../../../src/core/plan/plan-exact-value.ts';
import type { ExactValueResult } from '../../../src/core/plan/plan-exact-value.ts';
import { policyFromConfig } from '../../../src/core/plan/plan-policy.ts';
import { defaultConfig } from '../../../src/core/config/parse-config.ts';
import { POLICY, argPin, coupled, dated, drive, fromImage } from './fake-registry.ts';
import type { World } from './fake-registry.ts';

const NOW = new Date('2026-11-29T10:00:00Z');
const WORLD: World = { debian: { tags: dated('bullseye-', '-slim', ['20250520', '20250610']) } };

function exact(value: string, froms = coupled().froms, pin = coupled().pin, world = WORLD) {
  return drive((facts) => planExactValue({ pin, froms, value, policy: POLICY, now: NOW, facts }), world);
}

describe('planExactValue', () => {
  it('renders every fed image with the value, asking nothing when no FROM carries a digest', () => {
    const { value, rounds } = exact('bullseye-20250610-slim');
    expect(rounds).toEqual([]);
    expect((value as ExactValueResult & { ok: true }).images.map((image) => image.proposed)).toEqual(['hexpm/elixir:1.18.4-erlang-27.2.4-debian-bullseye-20250610-slim', 'debian:bullseye-20250610-slim']);
  });

  it('asks for the new digest when a FROM carries one, and says which image lacks the value', () => {
    const pin = argPin('V', 'bullseye-20250520-slim', [0]);
    const froms = [fromImage(1, 'debian:', pin.id, pin.value, `@sha256:${'a'.repeat(64)}`)];
    const found = exact('bullseye-20250610-slim', froms, pin).value as ExactValueResult & { ok: true };
    expect(found.ok).toBe(true);
    expect(found.images[0]?.proposed).toMatch(/^debian:bullseye-20250610-slim@sha256:[0-9a-f]{64}$/);
    expect(exact('bullseye-20250601-slim', froms, pin).value).toEqual({ ok: false, problems: ['debian has no bullseye-20250601-slim'] });
  });
});

describe('policyFromConfig', () => {
  it('maps the config keys the decision reads', () => {
    expect(policyFromConfig({ ...defaultConfig(), minimumAge: 3, ignore: ['x'], migrate: true, platforms: ['linux/amd64'] })).toEqual({ minimumAgeDays: 3, ignore: ['x'], migrate: true, platforms: ['linux/amd64'] });
    expect(policyFromConfig(defaultConfig())).not.toHaveProperty('platforms');
  });
});
