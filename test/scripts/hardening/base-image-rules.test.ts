import { describe, expect, it } from 'vitest';
import { expandGlobalArgs, hasDatedTag } from '../../../scripts/hardening/base-image-rules.ts';

describe('hasDatedTag', () => {
  it.each<[string, boolean]>([
    ['bullseye-20250520-slim', true],
    ['20250520', true],
    ['1.2-20240229', true],
    ['bookworm-slim', false],
    ['bullseye-202505201-slim', false],
    ['bullseye-20251320-slim', false],
    ['bullseye-20250500-slim', false],
    // One date rule with freshpin's (core/tags): day 31 only in months that have one.
    ['bullseye-20250431-slim', false],
    ['bullseye-20250531-slim', true],
  ])('%s → %s', (tag, dated) => {
    expect(hasDatedTag(tag)).toBe(dated);
  });
});

describe('expandGlobalArgs', () => {
  const args = new Map<string, string | undefined>([
    ['V', 'trixie-20251117-slim'],
    ['EMPTY', ''],
    ['UNSET', undefined],
  ]);
  it.each<[string, string | undefined]>([
    ['debian:${V}', 'debian:trixie-20251117-slim'],
    ['debian:$V', 'debian:trixie-20251117-slim'],
    ['debian:${EMPTY:-bookworm}', 'debian:bookworm'],
    ['debian:${MISSING:-bookworm}', 'debian:bookworm'],
    ['debian:${V:+x}', 'debian:x'],
    ['debian:${UNSET}', undefined],
    ['debian:${MISSING}', undefined],
  ])('%s → %s', (text, expanded) => {
    expect(expandGlobalArgs(text, args)).toBe(expanded);
  });
});
