import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import type { PinPlan, PlannedImage } from '../../../src/core/plan/plan-types.ts';
import type { AnalyzedFile } from '../../../src/core/report/build-check-report.ts';
import { buildCheckReport } from '../../../src/core/report/build-check-report.ts';
import { pinKey } from '../../../src/core/dockerfile/pin-identity.ts';
import { parseDatedTag } from '../../../src/core/tags/parse-dated-tag.ts';

const NOW = new Date('2026-11-29T00:00:00Z');
const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;
const MULTI = ['linux/amd64', 'linux/arm64/v8'];

function analysed(path: string, text: string): AnalyzedFile {
  return { path, text, analysis: analyzeDockerfile(text, { isDated: (value) => parseDatedTag(value, NOW) !== undefined }) };
}

function plan(overrides: Partial<PinPlan> & Pick<PinPlan, 'status' | 'current'>): PinPlan {
  return { feeds: [], images: [], skipped: [], migrationSkipped: [], errors: [], ...overrides };
}

function image(ref: string, proposed: string, digest?: string): PlannedImage {
  return digest === undefined ? { ref, proposed, platforms: MULTI } : { ref, proposed, digest, platforms: MULTI };
}

const PHOENIX = [
  'ARG DEBIAN_VERSION=bullseye-20250520-slim',
  'ARG BUILDER_IMAGE="hexpm/elixir:1.18.4-erlang-27.2.4-debian-${DEBIAN_VERSION}"',
  'FROM ${BUILDER_IMAGE} AS builder',
  'FROM debian:${DEBIAN_VERSION}',
  '',
].join('\n');
const ELIXIR = 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-';

describe('buildCheckReport', () => {
  it('reports a coupled update with its images, skipped values, end of life and migration, and edits the file', () => {
    const file = analysed('Dockerfile', PHOENIX);
    const images = [image(`${ELIXIR}bullseye-20250520-slim`, `${ELIXIR}bullseye-20250610-slim`), image('debian:bullseye-20250520-slim', 'debian:bullseye-20250610-slim')];
    const migration = { proposed: 'trixie-20251020-slim', images: [image('debian:bullseye-20250520-slim', 'debian:trixie-20251020-slim')] };
    const skipped = [{ value: 'bullseye-20251117-slim', reason: 'hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bullseye-20251117-slim' }];
    const plans = new Map([
      [
        pinKey('Dockerfile', 'arg:DEBIAN_VERSION'),
        plan({
          status: 'update',
          current: 'bullseye-20250520-slim',
          feeds: images.map((i) => i.ref),
          proposed: 'bullseye-20250610-slim',
          images,
          skipped,
          eol: { codename: 'bullseye', ended: '2026-08-31' },
          migration,
        }),
      ],
    ]);
    const { report, changes } = buildCheckReport([file], plans);
    expect(report).toEqual({
      pins: [
        {
          file: 'Dockerfile',
          line: 1,
          name: 'DEBIAN_VERSION',
          kind: 'arg',
          current: 'bullseye-20250520-slim',
          status: 'update',
          feeds: images.map((i) => i.ref),
          eol: { codename: 'bullseye', ended: '2026-08-31' },
          migration,
        },
      ],
      updates: [{ file: 'Dockerfile', line: 1, name: 'DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20250610-slim', images, skipped }],
      errors: [],
    });
    expect(changes).toEqual([{ file: 'Dockerfile', before: PHOENIX, after: PHOENIX.replace('bullseye-20250520-slim', 'bullseye-20250610-slim') }]);
  });

  it.each([
    ['up-to-date', plan({ status: 'up-to-date', current: 'bookworm-20251117-slim' }), undefined],
    ['blocked', plan({ status: 'blocked', current: 'bookworm-20251117-slim', skipped: [{ value: 'bookworm-20251201-slim', reason: 'debian:bookworm-20251201-slim lacks linux/arm64' }] }), 'debian:bookworm-20251201-slim lacks linux/arm64'],
    ['error', plan({ status: 'error', current: 'bookworm-20251117-slim', errors: ['debian: cannot list bookworm-* tags: timed out'] }), 'debian: cannot list bookworm-* tags: timed out'],
  ])('reports a %s pin without an update or a change', (status, pinPlan, reason) => {
    const text = 'FROM debian:bookworm-20251117-slim\n';
    const { report, changes } = buildCheckReport([analysed('Dockerfile', text)], new Map([[pinKey('Dockerfile', 'from:1'), pinPlan]]));
    const entry = { file: 'Dockerfile', line: 1, name: 'debian', kind: 'from', current: 'bookworm-20251117-slim', status, feeds: [] };
    expect(report.pins).toEqual([reason === undefined ? entry : { ...entry, reason }]);
    expect(report.updates).toEqual([]);
    expect(report.errors).toEqual(status === 'error' ? [{ file: 'Dockerfile', message: `line 1 debian: ${reason}` }] : []);
    expect(changes).toEqual([]);
  });

  it('lists an image without a date as unmanaged, with its reason', () => {
    const { report } = buildCheckReport([analysed('Dockerfile', 'FROM alpine:3.20\n')], new Map());
    expect(report.pins).toEqual([{ file: 'Dockerfile', line: 1, name: 'alpine:3.20', kind: 'from', current: 'alpine:3.20', status: 'unmanaged', feeds: ['alpine:3.20'], reason: 'tag "3.20" has no date' }]);
  });

  it('reports a file that could not be analysed by path and line, and goes on', () => {
    const broken: AnalyzedFile = { path: 'broken/Dockerfile', text: 'FROM\n', error: { line: 1, message: 'line 1: FROM has no image' } };
    const noLine: AnalyzedFile = { path: 'odd/Dockerfile', text: '', error: { message: 'unreadable' } };
    const { report } = buildCheckReport([broken, noLine, analysed('Dockerfile', 'FROM alpine:3.20\n')], new Map());
    expect(report.errors).toEqual([
      { file: 'broken/Dockerfile', message: 'broken/Dockerfile:1: line 1: FROM has no image' },
      { file: 'odd/Dockerfile', message: 'odd/Dockerfile: unreadable' },
    ]);
    expect(report.pins.map((pin) => pin.file)).toEqual(['Dockerfile']);
  });

  it('leaves out a pin that has no plan (skipped by the caller)', () => {
    const { report } = buildCheckReport([analysed('Dockerfile', 'FROM debian:bookworm-20251117-slim\n')], new Map());
    expect(report).toEqual({ pins: [], updates: [], errors: [] });
  });

  it('re-pins the digest of a digest-pinned FROM', () => {
    const text = `FROM debian:bookworm-20251020-slim@${OLD} AS base\nRUN true\n`;
    const plans = new Map([
      [
        pinKey('Dockerfile', 'from:1'),
        plan({ status: 'update', current: 'bookworm-20251020-slim', proposed: 'bookworm-20251117-slim', images: [image(`debian:bookworm-20251020-slim@${OLD}`, `debian:bookworm-20251117-slim@${NEW}`, NEW)] }),
      ],
    ]);
    const { changes } = buildCheckReport([analysed('Dockerfile', text)], plans);
    expect(changes[0]?.after).toBe(`FROM debian:bookworm-20251117-slim@${NEW} AS base\nRUN true\n`);
  });

  it('re-pins the digest inside an ARG holding the whole reference (the plan already carries the new one)', () => {
    const text = `ARG RUNNER="debian:bookworm-20251020-slim@${OLD}"\nFROM \${RUNNER}\n`;
    const plans = new Map([
      [
        pinKey('Dockerfile', 'arg:RUNNER'),
        plan({
          status: 'update',
          current: `debian:bookworm-20251020-slim@${OLD}`,
          proposed: `debian:bookworm-20251117-slim@${NEW}`,
          images: [image(`debian:bookworm-20251020-slim@${OLD}`, `debian:bookworm-20251117-slim@${NEW}`, NEW)],
        }),
      ],
    ]);
    const { report, changes } = buildCheckReport([analysed('Dockerfile', text)], plans);
    expect(report.errors).toEqual([]);
    expect(changes[0]?.after).toBe(`ARG RUNNER="debian:bookworm-20251117-slim@${NEW}"\nFROM \${RUNNER}\n`);
  });

  // Known bug in src/core/dockerfile/plan-edits.ts: two FROMs sharing the digest inside one
  // ARG value each try to swap it, and the second no longer finds the old digest. Flips to a
  // failure (remove `.fails`) once plan-edits merges them.
  it('re-pins a digest inside an ARG that feeds two FROMs', () => {
    const text = `ARG IMG=debian:bookworm-20251020-slim@${OLD}\nFROM \${IMG} AS a\nFROM \${IMG}\n`;
    const planned = image(`debian:bookworm-20251020-slim@${OLD}`, `debian:bookworm-20251117-slim@${NEW}`, NEW);
    const plans = new Map([
      [pinKey('Dockerfile', 'arg:IMG'), plan({ status: 'update', current: `debian:bookworm-20251020-slim@${OLD}`, proposed: `debian:bookworm-20251117-slim@${NEW}`, images: [planned, planned] })],
    ]);
    const { report, changes } = buildCheckReport([analysed('Dockerfile', text)], plans);
    expect(report.errors).toEqual([]);
    expect(changes[0]?.after).toBe(`ARG IMG=debian:bookworm-20251117-slim@${NEW}\nFROM \${IMG} AS a\nFROM \${IMG}\n`);
  });

  it('turns an update whose edit cannot be made into an error, and changes nothing', () => {
    const plans = new Map([[pinKey('Dockerfile', 'from:1'), plan({ status: 'update', current: 'bookworm-20251020-slim', proposed: 'bookworm 20251117', images: [] })]]);
    const { report, changes } = buildCheckReport([analysed('Dockerfile', 'FROM debian:bookworm-20251020-slim\n')], plans);
    expect(report.pins[0]).toMatchObject({ status: 'error', reason: '"bookworm 20251117" cannot be written as a pin value' });
    expect(report.updates).toEqual([]);
    expect(report.errors).toEqual([{ file: 'Dockerfile', message: 'line 1 debian: "bookworm 20251117" cannot be written as a pin value' }]);
    expect(changes).toEqual([]);
  });

  it('puts several updates of one file into one change, and sorts pins by file and line', () => {
    const a = analysed('b/Dockerfile', 'FROM acme/one:v-20250101 AS one\nFROM alpine:3.20\nFROM acme/two:v-20250101\n');
    const b = analysed('a/Dockerfile', 'FROM acme/three:v-20250101\n');
    const update = (proposed: string) => plan({ status: 'update', current: 'v-20250101', proposed });
    const plans = new Map([
      [pinKey('b/Dockerfile', 'from:3'), update('v-20250301')],
      [pinKey('b/Dockerfile', 'from:1'), update('v-20250201')],
      [pinKey('a/Dockerfile', 'from:1'), plan({ status: 'up-to-date', current: 'v-20250101' })],
    ]);
    const { report, changes } = buildCheckReport([a, b], plans);
    expect(report.pins.map((pin) => `${pin.file}:${pin.line}`)).toEqual(['a/Dockerfile:1', 'b/Dockerfile:1', 'b/Dockerfile:2', 'b/Dockerfile:3']);
    expect(report.updates.map((u) => [u.line, u.proposed])).toEqual([
      [1, 'v-20250201'],
      [3, 'v-20250301'],
    ]);
    expect(changes).toEqual([{ file: 'b/Dockerfile', before: a.text, after: 'FROM acme/one:v-20250201 AS one\nFROM alpine:3.20\nFROM acme/two:v-20250301\n' }]);
  });

  it('keeps the bytes around the edit: CRLF line ends, a BOM and comments', () => {
    const text = '\uFEFF# base\r\n# pinned:\r\nARG V=v-20250101\r\nFROM acme/app:${V}\r\n';
    const plans = new Map([[pinKey('Dockerfile', 'arg:V'), plan({ status: 'update', current: 'v-20250101', proposed: 'v-20250201' })]]);
    expect(buildCheckReport([analysed('Dockerfile', text)], plans).changes[0]?.after).toBe(text.replace('v-20250101', 'v-20250201'));
  });
});
