// From a repository plan to one proposal per pin: stable identity, the file with only that pin
// changed, and what the PR body shows (images, values passed over, end of life, migration).
import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import type { PlannedImage } from '../../../src/core/plan/plan-types.ts';
import { collectProposals, listPinsNow } from '../../../src/core/pulls/collect-proposals.ts';
import type { AnalyzedFile, CheckReport, PinEntry, UpdateEntry } from '../../../src/core/report/build-check-report.ts';
import { parseDatedTag } from '../../../src/core/tags/parse-dated-tag.ts';

const NOW = new Date('2026-11-29T00:00:00Z');
const MULTI = ['linux/amd64', 'linux/arm64/v8'];
const TEXT = ['ARG D=bullseye-20250520-slim', 'FROM hexpm/elixir:1.18-${D} AS build', 'FROM debian:${D}', 'FROM debian:bookworm-20251020-slim AS tools', ''].join('\n');

function analysed(path: string, text: string): AnalyzedFile {
  return { path, text, analysis: analyzeDockerfile(text, { isDated: (value) => parseDatedTag(value, NOW) !== undefined }) };
}

function image(ref: string, from: string, to: string): PlannedImage {
  return { ref: `${ref}${from}`, proposed: `${ref}${to}`, platforms: MULTI };
}

const UPDATE_D: UpdateEntry = {
  file: 'Dockerfile',
  line: 1,
  name: 'D',
  current: 'bullseye-20250520-slim',
  proposed: 'bullseye-20250610-slim',
  images: [image('hexpm/elixir:1.18-', 'bullseye-20250520-slim', 'bullseye-20250610-slim'), image('debian:', 'bullseye-20250520-slim', 'bullseye-20250610-slim')],
  skipped: [{ value: 'bullseye-20250721-slim', reason: 'hexpm/elixir has no 1.18-bullseye-20250721-slim' }],
};
const UPDATE_TOOLS: UpdateEntry = {
  file: 'Dockerfile',
  line: 4,
  name: 'debian',
  current: 'bookworm-20251020-slim',
  proposed: 'bookworm-20251117-slim',
  images: [image('debian:', 'bookworm-20251020-slim', 'bookworm-20251117-slim')],
  skipped: [],
};
const PIN_D: PinEntry = {
  file: 'Dockerfile',
  line: 1,
  name: 'D',
  kind: 'arg',
  current: 'bullseye-20250520-slim',
  status: 'update',
  feeds: ['hexpm/elixir:1.18-bullseye-20250520-slim', 'debian:bullseye-20250520-slim'],
  eol: { codename: 'bullseye', ended: '2026-08-31' },
  migration: { proposed: 'trixie-20251020-slim', images: [] },
};
const PIN_TOOLS: PinEntry = { file: 'Dockerfile', line: 4, name: 'debian', kind: 'from', current: 'bookworm-20251020-slim', status: 'update', feeds: ['debian:bookworm-20251020-slim'] };

function report(updates: UpdateEntry[], pins: PinEntry[] = [PIN_D, PIN_TOOLS]): CheckReport {
  return { pins, updates, errors: [] };
}

describe('collectProposals', () => {
  it('makes one proposal per updated pin, each changing only its own value', () => {
    const proposals = collectProposals([analysed('Dockerfile', TEXT)], report([UPDATE_D, UPDATE_TOOLS]));
    expect(proposals.map(({ after: _after, ...rest }) => rest)).toEqual([
      {
        file: 'Dockerfile',
        pin: 'arg:D',
        name: 'D',
        current: 'bullseye-20250520-slim',
        proposed: 'bullseye-20250610-slim',
        migration: false,
        images: UPDATE_D.images,
        skipped: UPDATE_D.skipped,
        eol: { codename: 'bullseye', ended: '2026-08-31' },
        migrationCandidate: { proposed: 'trixie-20251020-slim' },
      },
      { file: 'Dockerfile', pin: 'from:debian', name: 'debian', current: 'bookworm-20251020-slim', proposed: 'bookworm-20251117-slim', migration: false, images: UPDATE_TOOLS.images, skipped: [] },
    ]);
    expect(proposals[0]?.after).toBe(TEXT.replace('ARG D=bullseye-20250520-slim', 'ARG D=bullseye-20250610-slim'));
    expect(proposals[1]?.after).toBe(TEXT.replace('FROM debian:bookworm-20251020-slim', 'FROM debian:bookworm-20251117-slim'));
  });

  it('marks a proposal that is the end-of-life migration itself', () => {
    const migrate: UpdateEntry = { ...UPDATE_D, proposed: 'trixie-20251020-slim', skipped: [] };
    const [proposal] = collectProposals([analysed('Dockerfile', TEXT)], report([migrate]));
    expect(proposal).toMatchObject({ proposed: 'trixie-20251020-slim', migration: true });
    expect(proposal?.migrationCandidate).toBeUndefined();
  });

  it.each<[string, AnalyzedFile[], UpdateEntry[]]>([
    ['an update for a file that was not analysed', [{ path: 'Dockerfile', text: 'FROM\n', error: { line: 1, message: 'FROM has no image' } }], [UPDATE_D]],
    ['an update for another file', [analysed('other/Dockerfile', TEXT)], [UPDATE_D]],
    ['an update whose line holds no such pin', [analysed('Dockerfile', TEXT)], [{ ...UPDATE_D, line: 2 }]],
  ])('skips %s', (_name, files, updates) => {
    expect(collectProposals(files, report(updates))).toEqual([]);
  });
});

describe('listPinsNow', () => {
  it('lists every pin of every analysed file by stable id, with its value', () => {
    const files = [analysed('Dockerfile', TEXT), { path: 'broken/Dockerfile', text: 'FROM\n', error: { message: 'FROM has no image' } }, analysed('w/Dockerfile', 'FROM debian:bookworm-20251020-slim AS a\nFROM debian:bookworm-20251117-slim\n')];
    expect(listPinsNow(files)).toEqual([
      { file: 'Dockerfile', pin: 'arg:D', current: 'bullseye-20250520-slim' },
      { file: 'Dockerfile', pin: 'from:debian', current: 'bookworm-20251020-slim' },
      { file: 'w/Dockerfile', pin: 'from:debian', current: 'bookworm-20251020-slim' },
      { file: 'w/Dockerfile', pin: 'from:debian#2', current: 'bookworm-20251117-slim' },
    ]);
  });
});
