// Dated tag values, as a small value object: `bullseye-20250520-slim` is the prefix
// `bullseye-`, the date `20250520` and the suffix `-slim`. Prefix and suffix together are
// the value's family; only values of the same family are ever compared.

/** A value holding exactly one plausible YYYYMMDD date. */
export interface DatedValue {
  /** The whole text, `prefix + date + suffix`. */
  value: string;
  prefix: string;
  /** `YYYYMMDD`. */
  date: string;
  suffix: string;
}

const MIN_YEAR = 1990;
const DAY_MS = 86_400_000;
const DIGIT_RUN = /\d+/g;

/** `YYYYMMDD` of a UTC instant. */
function toCompactDate(instant: Date): string {
  return instant.toISOString().slice(0, 10).replaceAll('-', '');
}

/** True when `date` is eight digits naming a real calendar day in year 1990 or later. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{8}$/.test(date)) return false;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8));
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return false;
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

/** The latest date a tag may carry at `now`: tomorrow in UTC (publishers in later time zones). */
export function latestPlausibleDate(now: Date): string {
  return toCompactDate(new Date(now.getTime() + DAY_MS));
}

/** True when `date` is a calendar date and not after tomorrow relative to `now` (UTC). */
export function isPlausibleDate(date: string, now: Date): boolean {
  return isCalendarDate(date) && date <= latestPlausibleDate(now);
}

/**
 * Splits a value around its date. A value is dated when exactly one maximal run of
 * digits is eight long and a plausible date; otherwise (none, or two) it is undefined.
 */
export function parseDatedTag(value: string, now: Date): DatedValue | undefined {
  let found: DatedValue | undefined;
  for (const match of value.matchAll(DIGIT_RUN)) {
    const run = match[0];
    if (run.length !== 8 || !isPlausibleDate(run, now)) continue;
    if (found !== undefined) return undefined;
    const start = match.index;
    found = { value, prefix: value.slice(0, start), date: run, suffix: value.slice(start + 8) };
  }
  return found;
}

/** A family's name: the value with its date as `*` (`bullseye-*-slim`). */
export function familyName(dated: DatedValue): string {
  return `${dated.prefix}*${dated.suffix}`;
}

/** Same family: same text before and after the date. Ordering is a separate question. */
export function sameFamily(a: DatedValue, b: DatedValue): boolean {
  return a.prefix === b.prefix && a.suffix === b.suffix;
}

/** Orders by date, oldest first (negative when `a` is older). Use with `sameFamily`. */
export function compareDates(a: DatedValue, b: DatedValue): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** The same family carrying another date. */
export function withDate(dated: DatedValue, date: string): DatedValue {
  return { value: `${dated.prefix}${date}${dated.suffix}`, prefix: dated.prefix, date, suffix: dated.suffix };
}

/** `20250520` → `2025-05-20`. */
export function dateToIso(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

/** Whole days from the start of `date` (UTC) to `now`; negative for dates after now. */
export function ageInDays(date: string, now: Date): number {
  const start = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
  return Math.floor((now.getTime() - start) / DAY_MS);
}
