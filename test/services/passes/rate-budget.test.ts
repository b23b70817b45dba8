// The rate budget, alone: headers read permissively, the lowest remaining kept within a
// window, and the wait at the reserve ends at GitHub's reset (simulated clock).
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRateBudget, windowFromHeaders } from '../../../src/services/passes/rate-budget.ts';

const log = pino({ level: 'silent' });

describe('windowFromHeaders', () => {
  it.each([
    [{ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1800000000' }, { resource: 'core', window: { limit: 5000, remaining: 4999, resetAt: 1_800_000_000_000 } }],
    [{ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': '1800000000', 'x-ratelimit-resource': 'graphql' }, { resource: 'graphql', window: { limit: 5000, remaining: 10, resetAt: 1_800_000_000_000 } }],
    [{ 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': '1800000000', 'x-ratelimit-resource': 'search' }, undefined],
    [{ 'x-ratelimit-remaining': 'many' }, undefined],
  ])('%j', (headers, expected) => {
    expect(windowFromHeaders(headers)).toEqual(expected);
  });
});

describe('a rate budget', () => {
  it('keeps the lowest remaining of a window, waits at the reserve until the reset, then goes on', async () => {
    let now = 1_000_000;
    const sleeps: number[] = [];
    const budget = createRateBudget({ reserve: 0.2, margin: 0, now: () => now, sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    } });
    const headers = (remaining: number) => ({ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String((1_000_000 + 120_000) / 1000) });
    budget.observe(7, headers(50));
    budget.observe(7, headers(60)); // an earlier answer arriving late
    expect(budget.window(7, 'core')?.remaining).toBe(50);
    await budget.waitForRoom(7, 'core', log, () => false);
    expect(sleeps).toEqual([]);
    budget.observe(7, headers(20));
    expect(budget.atReserve(7, 'core')).toBe(true);
    await budget.waitForRoom(7, 'core', log, () => false);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(120_000);
    expect(budget.atReserve(7, 'core')).toBe(false);
    expect(budget.lowest().get('7:core')).toBe(20);
  });

  it('stops waiting when the pass is stopped', async () => {
    const budget = createRateBudget({ reserve: 0.5, margin: 0, now: () => 0, sleep: async () => undefined });
    budget.observe(1, { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '3600' });
    await expect(budget.waitForRoom(1, 'core', log, () => true)).resolves.toBeUndefined();
  });
});
