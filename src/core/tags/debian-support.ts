// Debian codenames in tag values, and whether Debian still supports them.
// Support ends at the LTS end when the table has one, else at the regular end of life.
import { DEBIAN_RELEASES } from './debian-release-data.ts';
import type { DebianRelease } from './parse-distro-info-csv.ts';

/** Rolling names that never reach an end of life and are never migration targets. */
const ROLLING = new Set(['sid', 'experimental']);
const LETTER_RUN = /[a-z]+/gi;

export interface DebianEndOfLife {
  codename: string;
  /** Last day of support, `YYYY-MM-DD`. */
  ended: string;
}

/** `YYYY-MM-DD` of a UTC instant. */
function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function findRelease(codename: string, releases: readonly DebianRelease[]): DebianRelease | undefined {
  return releases.find((release) => release.series === codename);
}

/** The last day Debian supports a release: `eol-lts` when present, else `eol`. */
export function supportEnd(release: DebianRelease): string | undefined {
  return release.eolLts ?? release.eol;
}

function isSupported(release: DebianRelease, now: Date): boolean {
  const end = supportEnd(release);
  return end === undefined || isoDay(now) <= end;
}

/** The first codename token (a run of letters bounded by non-letters) in a value, e.g. `bullseye`. */
export function findDebianCodename(value: string, releases: readonly DebianRelease[] = DEBIAN_RELEASES): string | undefined {
  for (const match of value.matchAll(LETTER_RUN)) {
    const token = match[0];
    if (!ROLLING.has(token) && findRelease(token, releases) !== undefined) return token;
  }
  return undefined;
}

/** Replaces the codename token found by `findDebianCodename` with another codename. */
export function replaceDebianCodename(value: string, from: string, to: string): string {
  for (const match of value.matchAll(LETTER_RUN)) {
    if (match[0] === from) return value.slice(0, match.index) + to + value.slice(match.index + from.length);
  }
  return value;
}

/** The end of support of a codename that is past it at `now`; undefined while supported or unknown. */
export function debianEndOfLife(
  codename: string,
  now: Date,
  releases: readonly DebianRelease[] = DEBIAN_RELEASES,
): DebianEndOfLife | undefined {
  const release = findRelease(codename, releases);
  if (release === undefined || ROLLING.has(codename)) return undefined;
  const end = supportEnd(release);
  if (end === undefined || isoDay(now) <= end) return undefined;
  return { codename, ended: end };
}

/** Codenames after `codename` that are released at `now` and still supported, nearest first. */
export function laterSupportedCodenames(
  codename: string,
  now: Date,
  releases: readonly DebianRelease[] = DEBIAN_RELEASES,
): string[] {
  const current = findRelease(codename, releases);
  if (current === undefined) return [];
  const after = current.release ?? current.created ?? '';
  const today = isoDay(now);
  return releases
    .filter((r) => !ROLLING.has(r.series) && r.release !== undefined && r.release > after && r.release <= today)
    .filter((r) => isSupported(r, now))
    .sort((a, b) => ((a.release ?? '') < (b.release ?? '') ? -1 : 1))
    .map((r) => r.series);
}
