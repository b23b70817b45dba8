import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ageInDays,
  compareDates,
  familyName,
  dateToIso,
  isCalendarDate,
  isPlausibleDate,
  parseDatedTag,
  sameFamily,
  withDate,
} from '../../../src/core/tags/parse-dated-tag.ts';

const NOW = new Date('2025-08-10T12:00:00Z');

describe('parseDatedTag', () => {
  it.each([
    ['bullseye-20250520-slim', 'bullseye-', '20250520', '-slim'],
    ['jammy-20240111', 'jammy-', '20240111', ''],
    ['1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim', '1.18.4-erlang-27.2.4-debian-bullseye-', '20250520', '-slim'],
    ['20250520', '', '20250520', ''],
    ['v20240229', 'v', '20240229', ''],
    ['12345678-20250520', '12345678-', '20250520', ''],
    ['20250811', '', '20250811', ''],
    ['19900101-x', '', '19900101', '-x'],
  ])('%s is dated', (value, prefix, date, suffix) => {
    expect(parseDatedTag(value, NOW)).toEqual({ value, prefix, date, suffix });
  });

  it.each([
    ['20251345', 'month 13'],
    ['20250230', 'February 30th'],
    ['20230229', 'not a leap year'],
    ['21000229', '2100 is not a leap year'],
    ['202505201', 'nine digits'],
    ['1202505201', 'ten digits'],
    ['2025052', 'seven digits'],
    ['20250812', 'the day after tomorrow'],
    ['20260101', 'future'],
    ['19891231', 'before 1990'],
    ['bullseye-20250520-20250521', 'two date runs'],
    ['bullseye-slim', 'no digits'],
    ['', 'empty'],
  ])('%s is not dated (%s)', (value) => {
    expect(parseDatedTag(value, NOW)).toBeUndefined();
  });

  it('counts tomorrow in UTC from the given instant', () => {
    expect(parseDatedTag('x-20250102', new Date('2025-01-01T23:59:59Z'))?.date).toBe('20250102');
    expect(parseDatedTag('x-20250103', new Date('2025-01-01T23:59:59Z'))).toBeUndefined();
    expect(parseDatedTag('x-20250101', new Date('2024-12-31T00:00:00Z'))?.date).toBe('20250101');
  });

  it('round-trips prefix + date + suffix for any plausible date', () => {
    const dates = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: NOW, noInvalidDate: true });
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z.-]{0,8}$/), dates, fc.stringMatching(/^(-[a-z]{1,5})?$/), (prefix, day, suffix) => {
        const date = day.toISOString().slice(0, 10).replaceAll('-', '');
        const parsed = parseDatedTag(`${prefix}${date}${suffix}`, NOW);
        expect(parsed).toEqual({ value: `${prefix}${date}${suffix}`, prefix, date, suffix });
      }),
    );
  });
});

describe('calendar checks', () => {
  it.each([
    ['20240229', true],
    ['20000229', true],
    ['19000229', false],
    ['20250431', false],
    ['20251231', true],
    ['20250001', false],
    ['20250100', false],
    ['2025010a', false],
  ])('isCalendarDate(%s) = %s', (date, expected) => {
    expect(isCalendarDate(date)).toBe(expected);
  });

  it.each([
    ['20250811', true],
    ['20250812', false],
    ['20250810', true],
  ])('isPlausibleDate(%s) = %s', (date, expected) => {
    expect(isPlausibleDate(date, NOW)).toBe(expected);
  });
});

describe('families and ordering', () => {
  const a = parseDatedTag('bullseye-20250520-slim', NOW)!;
  const b = parseDatedTag('bullseye-20250801-slim', NOW)!;
  const c = parseDatedTag('bookworm-20250801-slim', NOW)!;
  const d = parseDatedTag('bullseye-20250801', NOW)!;

  it.each([
    [a, b, true],
    [a, c, false],
    [b, d, false],
    [a, a, true],
  ])('sameFamily(%o, %o) = %s', (x, y, expected) => {
    expect(sameFamily(x, y)).toBe(expected);
  });

  it('orders by date, oldest first', () => {
    expect(compareDates(a, b)).toBeLessThan(0);
    expect(compareDates(b, a)).toBeGreaterThan(0);
    expect(compareDates(b, c)).toBe(0);
    expect([b, a].sort(compareDates).map((v) => v.value)).toEqual([a.value, b.value]);
  });

  it('withDate keeps the family', () => {
    expect(withDate(a, '20250721')).toEqual({ value: 'bullseye-20250721-slim', prefix: 'bullseye-', date: '20250721', suffix: '-slim' });
  });

  it.each([
    ['20250520', '2025-05-20'],
    ['19900101', '1990-01-01'],
  ])('dateToIso(%s) = %s', (date, iso) => {
    expect(dateToIso(date)).toBe(iso);
  });

  it.each([
    ['20250810', 0],
    ['20250809', 1],
    ['20250803', 7],
    ['20250804', 6],
    ['20250811', -1],
    ['20240810', 365],
  ])('ageInDays(%s) = %i', (date, days) => {
    expect(ageInDays(date, NOW)).toBe(days);
  });
});

describe('familyName', () => {
  it.each([
    ['bullseye-20250520-slim', 'bullseye-*-slim'],
    ['1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim', '1.18.4-erlang-27.2.4-debian-bullseye-*-slim'],
    ['20250520', '*'],
  ])('%s → %s', (value, family) => {
    expect(familyName(parseDatedTag(value, NOW)!)).toBe(family);
  });
});
