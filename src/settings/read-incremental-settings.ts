// The settings of incremental passes (issue 15), from the environment, checked at startup:
// - FRESHPIN_STATE: a file the repository index is kept in between processes (default: memory only);
// - FRESHPIN_PROBE_CRON: the incremental pass schedule (default twice an hour; `off` for none);
// - FRESHPIN_RATE_RESERVE: the share of each installation's rate limit a pass leaves to webhooks
//   and commands, in percent (default 20).
import cron from 'node-cron';
import { SettingsError } from './read-runtime-settings.ts';

export interface IncrementalSettings {
  statePath?: string;
  /** Cron (UTC) of the incremental pass; undefined when off. */
  probeCron: string | undefined;
  /** 0–0.9: the fraction of each installation's budget a pass never spends. */
  rateReserve: number;
}

/** Twice an hour: a tag published at any moment reaches its PRs within the hour (wait ≤ 30 min, plus the pass). */
export const DEFAULT_PROBE_CRON = '17,47 * * * *';
export const DEFAULT_RATE_RESERVE_PERCENT = 20;

type Env = Readonly<Record<string, string | undefined>>;

export function readIncrementalSettings(env: Env): IncrementalSettings {
  const expression = (env.FRESHPIN_PROBE_CRON || DEFAULT_PROBE_CRON).trim();
  let probeCron: string | undefined = expression;
  if (expression === 'off') probeCron = undefined;
  else if (!cron.validate(expression)) throw new SettingsError(`FRESHPIN_PROBE_CRON "${expression}" is not a valid cron expression; use off for no incremental passes`);
  const reserveText = env.FRESHPIN_RATE_RESERVE || String(DEFAULT_RATE_RESERVE_PERCENT);
  const percent = Number(reserveText);
  if (!/^\d+(\.\d+)?$/.test(reserveText) || percent > 90) throw new SettingsError(`FRESHPIN_RATE_RESERVE must be a percentage from 0 to 90, got "${reserveText}"`);
  const settings: IncrementalSettings = { probeCron, rateReserve: percent / 100 };
  if (env.FRESHPIN_STATE) settings.statePath = env.FRESHPIN_STATE;
  return settings;
}
