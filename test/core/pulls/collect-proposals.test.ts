// From a repository plan to one proposal per pin: stable identity, the file with only that pin
// changed, and what the PR body shows (images, values passed over, end of life, migration).
import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import { pinKey } from '../../../src/core/dockerfile/pin-identity.ts';
import type { PinPlan, PlannedImage } from '../../../src/core/plan/plan-types.ts';
import { collectProposals, listPinsNow } from '../../../src/core/pulls/collect-proposals.ts';
import type { AnalyzedFile } from '../../../src/core/report/build-check-report.ts';
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

/** An update plan; the fields the proposal does not read are left empty. */
function update(proposed: string, images: PlannedImage[], skipped: PinPlan['skipped'] = [], extra: Partial<PinPlan> = {}): PinPlan {
  return { status: 'update', current: '', feeds: [], proposed, images, skipped, migrationSkipped: [], errors: [], ...extra };
}

const IMAGES_D = [image('hexpm/elixir:1.18-', 'bullseye-20250520-slim', 'bullseye-20250610-slim'), image('debian:', 'bullseye-20250520-slim', 'bullseye-20250610-slim')];
const SKIPPED_D = [{ value: 'bullseye-20250721-slim', reason: 'hexpm/elixir has no 1.18-bullseye-20250721-slim' }];
const EOL = { codename: 'bullseye', ended: '2026-08-31' };
const PLAN_D = update('bullseye-20250610-slim', IMAGES_D, SKIPPED_D, { eol: EOL, migration: { proposed: 'trixie-20251020-slim', images: [] } });
const IMAGES_TOOLS = [image('debian:', 'bookworm-20251020-slim', 'bookworm-20251117-slim')];
const PLAN_TOOLS = update('bookworm-20251117-slim', IMAGES_TOOLS);

/** Plans by pinKey(file, pin.id): `arg:D` is line 1's ARG, `from:4` the tools stage. */
function plans(entries: Array<[string, string, PinPlan]>): Map<string, PinPlan> {
  return new Map(entries.map(([file, id, plan]) => [pinKey(file, id), plan]));
}

describe('collectProposals', () => {
  it('makes one proposal per updated pin, each changing only its own value', () => {
    const proposals = collectProposals([analysed('Dockerfile', TEXT)], plans([['Dockerfile', 'arg:D', PLAN_D], ['Dockerfile', 'from:4', PLAN_TOOLS]]));
    expect(proposals.map(({ after: _after, ...rest }) => rest)).toEqual([
      {
        file: 'Dockerfile',
        pin: 'arg:D',
        name: 'D',
        current: 'bullseye-20250520-slim',
        proposed: 'bullseye-20250610-slim',
        migration: false,
        images: IMAGES_D,
        skipped: SKIPPED_D,
        eol: { codename: 'bullseye', ended: '2026-08-31' },
        migrationCandidate: { proposed: 'trixie-20251020-slim' },
      },
      { file: 'Dockerfile', pin: 'from:debian', name: 'debian', current: 'bookworm-20251020-slim', proposed: 'bookworm-20251117-slim', migration: false, images: IMAGES_TOOLS, skipped: [] },
    ]);
    expect(proposals[0]?.after).toBe(TEXT.replace('ARG D=bullseye-20250520-slim', 'ARG D=bullseye-20250610-slim'));
    expect(proposals[1]?.after).toBe(TEXT.replace('FROM debian:bookworm-20251020-slim', 'FROM debian:bookworm-20251117-slim'));
  });

  it('marks a proposal that is the end-of-life migration itself', () => {
    const migrate = update('trixie-20251020-slim', IMAGES_D, [], { eol: EOL, migration: { proposed: 'trixie-20251020-slim', images: [] } });
    const [proposal] = collectProposals([analysed('Dockerfile', TEXT)], plans([['Dockerfile', 'arg:D', migrate]]));
    expect(proposal).toMatchObject({ proposed: 'trixie-20251020-slim', migration: true });
    expect(proposal?.migrationCandidate).toBeUndefined();
  });

  it.each<[string, AnalyzedFile[], Map<string, PinPlan>]>([
    ['a plan for a file that was not analysed', [{ path: 'Dockerfile', text: 'FROM\n', error: { line: 1, message: 'FROM has no image' } }], plans([['Dockerfile', 'arg:D', PLAN_D]])],
    ['a plan for another file', [analysed('other/Dockerfile', TEXT)], plans([['Dockerfile', 'arg:D', PLAN_D]])],
    ['a plan that is no update', [analysed('Dockerfile', TEXT)], plans([['Dockerfile', 'arg:D', { ...PLAN_D, status: 'blocked' }]])],
    ['an update that cannot be written', [analysed('Dockerfile', TEXT)], plans([['Dockerfile', 'arg:D', update('a b', IMAGES_D)]])],
  ])('skips %s', (_name, files, byKey) => {
    expect(collectProposals(files, byKey)).toEqual([]);
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
