// The incremental-pass settings: defaults, `off`, and refusals with one clear line.
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/settings/read-runtime-settings.ts';
import { readIncrementalSettings } from '../../src/settings/read-incremental-settings.ts';

describe('readIncrementalSettings', () => {
  it.each([
    [{}, { probeCron: '17,47 * * * *', rateReserve: 0.2 }],
    [{ FRESHPIN_PROBE_CRON: 'off', FRESHPIN_RATE_RESERVE: '0' }, { probeCron: undefined, rateReserve: 0 }],
    [{ FRESHPIN_PROBE_CRON: '*/10 * * * *', FRESHPIN_RATE_RESERVE: '35.5', FRESHPIN_STATE: '/var/lib/freshpin/state.json' }, { probeCron: '*/10 * * * *', rateReserve: 0.355, statePath: '/var/lib/freshpin/state.json' }],
  ])('reads %j', (env, expected) => {
    expect(readIncrementalSettings(env)).toEqual(expected);
  });

  it.each([
    [{ FRESHPIN_PROBE_CRON: 'hourly' }, 'FRESHPIN_PROBE_CRON "hourly" is not a valid cron expression'],
    [{ FRESHPIN_RATE_RESERVE: '95' }, 'FRESHPIN_RATE_RESERVE must be a percentage from 0 to 90, got "95"'],
    [{ FRESHPIN_RATE_RESERVE: '-1' }, 'FRESHPIN_RATE_RESERVE must be a percentage'],
  ])('refuses %j', (env, message) => {
    expect(() => readIncrementalSettings(env)).toThrow(SettingsError);
    expect(() => readIncrementalSettings(env)).toThrow(message);
  });
});
