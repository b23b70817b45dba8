import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import { applyEdits } from '../../../src/core/dockerfile/apply-edits.ts';
import { planEdits, PlanEditsError } from '../../../src/core/dockerfile/plan-edits.ts';
import { isDated } from './analysis-invariants.ts';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;
const OTHER = `sha256:${'c'.repeat(64)}`;

function plan(text: string, pinId: string, value: string, digests?: Map<number, string>): string {
  const analysis = analyzeDockerfile(text, { isDated });
  return applyEdits(text, planEdits(analysis, pinId, value, digests));
}

describe('planEdits', () => {
  it.each([
    {
      name: 'an ARG pin feeding two FROMs',
      text: 'ARG V=bookworm-20250520\nARG IMG="debian:${V}"\nFROM $IMG\nFROM debian:$V-slim\n',
      pinId: 'arg:V',
      value: 'bookworm-20250601',
      digests: undefined,
      out: 'ARG V=bookworm-20250601\nARG IMG="debian:${V}"\nFROM $IMG\nFROM debian:$V-slim\n',
    },
    {
      name: 'a literal FROM tag and its digest',
      text: `FROM debian:bookworm-20250520@${OLD} AS a\r\n`,
      pinId: 'from:1',
      value: 'bookworm-20250601',
      digests: new Map([[0, NEW]]),
      out: `FROM debian:bookworm-20250601@${NEW} AS a\r\n`,
    },
    {
      name: 'a digest shared through an ARG is edited once',
      text: `ARG TAG=bookworm-20250520\nARG D=${OLD}\nFROM debian:$TAG@$D\nFROM debian:$TAG@$D\n`,
      pinId: 'arg:TAG',
      value: 'bookworm-20250601',
      digests: new Map([
        [0, NEW],
        [1, NEW],
      ]),
      out: `ARG TAG=bookworm-20250601\nARG D=${NEW}\nFROM debian:$TAG@$D\nFROM debian:$TAG@$D\n`,
    },
    {
      name: 'each FROM digest gets its own',
      text: `ARG TAG=bookworm-20250520\nFROM debian:$TAG@${OLD}\nFROM debian:$TAG-slim@${OLD}\n`,
      pinId: 'arg:TAG',
      value: 'bookworm-20250601',
      digests: new Map([
        [0, NEW],
        [1, OTHER],
      ]),
      out: `ARG TAG=bookworm-20250601\nFROM debian:$TAG@${NEW}\nFROM debian:$TAG-slim@${OTHER}\n`,
    },
    {
      name: 'a whole reference with digest in one ARG',
      text: `ARG BASE="debian:bookworm-20250520@${OLD}"\nFROM $BASE\n`,
      pinId: 'arg:BASE',
      value: `debian:bookworm-20250601@${OLD}`,
      digests: new Map([[0, NEW]]),
      out: `ARG BASE="debian:bookworm-20250601@${NEW}"\nFROM $BASE\n`,
    },
  ])('$name', ({ text, pinId, value, digests, out }) => {
    expect(plan(text, pinId, value, digests)).toBe(out);
  });

  it.each([
    { name: 'an unknown pin', text: 'FROM debian:bookworm-20250520\n', pinId: 'arg:X', value: 'x', digests: undefined, error: /no pin arg:X/ },
    { name: 'an unsafe value', text: 'FROM debian:bookworm-20250520\n', pinId: 'from:1', value: 'a b', digests: undefined, error: /cannot be written/ },
    { name: 'a value with a variable', text: 'FROM debian:bookworm-20250520\n', pinId: 'from:1', value: '$X', digests: undefined, error: /cannot be written/ },
    {
      name: 'a missing digest',
      text: `FROM debian:bookworm-20250520@${OLD}\n`,
      pinId: 'from:1',
      value: 'bookworm-20250601',
      digests: undefined,
      error: /no new digest/,
    },
    {
      name: 'a malformed digest',
      text: `FROM debian:bookworm-20250520@${OLD}\n`,
      pinId: 'from:1',
      value: 'bookworm-20250601',
      digests: new Map([[0, `@${NEW}`]]),
      error: /not a digest/,
    },
    {
      name: 'different digests for a shared digest text',
      text: `ARG TAG=bookworm-20250520\nARG D=${OLD}\nFROM debian:$TAG@$D\nFROM debian:$TAG@$D\n`,
      pinId: 'arg:TAG',
      value: 'bookworm-20250601',
      digests: new Map([
        [0, NEW],
        [1, OTHER],
      ]),
      error: /different new digests/,
    },
    {
      name: 'a digest split across lines',
      text: `FROM debian:bookworm-20250520@sha256:${'a'.repeat(32)}\\\n${'a'.repeat(32)}\n`,
      pinId: 'from:1',
      value: 'bookworm-20250601',
      digests: new Map([[0, NEW]]),
      error: /not literal text/,
    },
    {
      name: 'a whole-reference value that drops the digest',
      text: `ARG BASE=debian:bookworm-20250520@${OLD}\nFROM $BASE\n`,
      pinId: 'arg:BASE',
      value: 'debian:bookworm-20250601',
      digests: new Map([[0, NEW]]),
      error: /must keep the digest/,
    },
  ])('rejects $name', ({ text, pinId, value, digests, error }) => {
    const analysis = analyzeDockerfile(text, { isDated });
    expect(() => planEdits(analysis, pinId, value, digests)).toThrow(PlanEditsError);
    expect(() => planEdits(analysis, pinId, value, digests)).toThrow(error);
  });

  it('returns the pin edit first when no digest is involved', () => {
    const analysis = analyzeDockerfile('ARG V=bookworm-20250520\nFROM debian:$V\n', { isDated });
    expect(planEdits(analysis, 'arg:V', 'bookworm-20250601')).toEqual([{ range: { start: 6, end: 23 }, replacement: 'bookworm-20250601' }]);
  });
});
