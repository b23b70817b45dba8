import { describe, expect, it } from 'vitest';
import type { CheckReport, FileChange, PinEntry, UpdateEntry } from '../../../src/core/report/build-check-report.ts';
import { renderCheckText } from '../../../src/core/render/render-check-text.ts';

const EMPTY: CheckReport = { pins: [], updates: [], errors: [] };

const UPDATE_PIN: PinEntry = {
  file: 'Dockerfile',
  line: 4,
  name: 'DEBIAN_VERSION',
  kind: 'arg',
  current: 'bullseye-20250520-slim',
  status: 'update',
  feeds: ['hexpm/elixir:x-bullseye-20250520-slim', 'debian:bullseye-20250520-slim'],
};

const UPDATE: UpdateEntry = {
  file: 'Dockerfile',
  line: 4,
  name: 'DEBIAN_VERSION',
  current: 'bullseye-20250520-slim',
  proposed: 'bullseye-20250610-slim',
  images: [
    { ref: 'hexpm/elixir:x-bullseye-20250520-slim', proposed: 'hexpm/elixir:x-bullseye-20250610-slim', platforms: ['linux/amd64', 'linux/arm64/v8'] },
    { ref: 'debian:bullseye-20250520-slim', proposed: 'debian:bullseye-20250610-slim', platforms: [] },
  ],
  skipped: [{ value: 'bullseye-20250721-slim', reason: 'hexpm/elixir has no x-bullseye-20250721-slim' }],
};

const CHANGE: FileChange = {
  file: 'Dockerfile',
  before: 'ARG A=1\nARG DEBIAN_VERSION=bullseye-20250520-slim\nFROM debian:${DEBIAN_VERSION}\n',
  after: 'ARG A=1\nARG DEBIAN_VERSION=bullseye-20250610-slim\nFROM debian:${DEBIAN_VERSION}\n',
};

describe('renderCheckText', () => {
  it('says so when there is nothing at all', () => {
    expect(renderCheckText(EMPTY, [], { written: false })).toBe('No FROM images found.\n\nNothing to change.\n');
  });

  it('renders the table, the update with its images and skipped values, the diff and the dry-run footer', () => {
    const blocked: PinEntry = { file: 'docker/app.Dockerfile', line: 1, name: 'acme/tool', kind: 'from', current: 't-20250101', status: 'blocked', feeds: ['acme/tool:t-20250101'], reason: 'acme/tool:t-20250301 lacks linux/arm64' };
    const report: CheckReport = { pins: [UPDATE_PIN, blocked], updates: [UPDATE], errors: [] };
    expect(renderCheckText(report, [CHANGE], { written: false })).toBe(
      [
        'FILE:LINE                PIN             CURRENT                 STATUS   PROPOSED / WHY',
        'Dockerfile:4             DEBIAN_VERSION  bullseye-20250520-slim  update   → bullseye-20250610-slim',
        'docker/app.Dockerfile:1  acme/tool       t-20250101              blocked  acme/tool:t-20250301 lacks linux/arm64',
        '',
        'Dockerfile:4 DEBIAN_VERSION: bullseye-20250520-slim → bullseye-20250610-slim',
        '  hexpm/elixir:x-bullseye-20250520-slim → hexpm/elixir:x-bullseye-20250610-slim [linux/amd64, linux/arm64/v8]',
        '  debian:bullseye-20250520-slim → debian:bullseye-20250610-slim',
        '  skipped bullseye-20250721-slim: hexpm/elixir has no x-bullseye-20250721-slim',
        '',
        'docker/app.Dockerfile:1 acme/tool blocked: acme/tool:t-20250301 lacks linux/arm64',
        '',
        '===================================================================',
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -1,3 +1,3 @@',
        ' ARG A=1',
        '-ARG DEBIAN_VERSION=bullseye-20250520-slim',
        '+ARG DEBIAN_VERSION=bullseye-20250610-slim',
        ' FROM debian:${DEBIAN_VERSION}',
        '',
        'Dry run: 1 file would change. Run again with --write to apply.',
        '',
      ].join('\n'),
    );
  });

  it('marks an end-of-life pin and shows its migration candidate', () => {
    const pin: PinEntry = {
      ...UPDATE_PIN,
      status: 'up-to-date',
      eol: { codename: 'bullseye', ended: '2026-08-31' },
      migration: { proposed: 'trixie-20251020-slim', images: [{ ref: 'debian:bullseye-20250520-slim', proposed: 'debian:trixie-20251020-slim', platforms: [] }] },
    };
    const text = renderCheckText({ pins: [pin], updates: [], errors: [] }, [], { written: false });
    expect(text).toMatch(/^Dockerfile:4\s+DEBIAN_VERSION\s+bullseye-20250520-slim\s+up-to-date \(EOL\)$/m);
    expect(text).toContain(
      [
        '⚠ Dockerfile:4 DEBIAN_VERSION: bullseye reached end of life on 2026-08-31',
        '  migration candidate: trixie-20251020-slim (set migrate: true to propose it)',
        '    debian:bullseye-20250520-slim → debian:trixie-20251020-slim',
      ].join('\n'),
    );
  });

  it('says when no supported codename has a value for every fed image', () => {
    const pin: PinEntry = { ...UPDATE_PIN, status: 'up-to-date', eol: { codename: 'buster', ended: '2024-06-30' } };
    expect(renderCheckText({ pins: [pin], updates: [], errors: [] }, [], { written: false })).toContain(
      '⚠ Dockerfile:4 DEBIAN_VERSION: buster reached end of life on 2024-06-30\n  no supported codename has a value for every image this pin feeds\n',
    );
  });

  it('lists errors, and an error pin with its reason', () => {
    const pin: PinEntry = { ...UPDATE_PIN, status: 'error', reason: 'debian: cannot list bullseye-* tags: timed out' };
    const report: CheckReport = {
      pins: [pin],
      updates: [],
      errors: [
        { file: 'Dockerfile', message: 'line 4 DEBIAN_VERSION: debian: cannot list bullseye-* tags: timed out' },
        { file: 'broken/Dockerfile', message: 'broken/Dockerfile:2: line 2: FROM has no image' },
      ],
    };
    const text = renderCheckText(report, [], { written: false });
    expect(text).toMatch(/^Dockerfile:4\s+DEBIAN_VERSION\s+bullseye-20250520-slim\s+error\s+debian: cannot list bullseye-\* tags: timed out$/m);
    expect(text).toContain('\nDockerfile:4 DEBIAN_VERSION error: debian: cannot list bullseye-* tags: timed out\n');
    expect(text).toContain('\nErrors:\n  line 4 DEBIAN_VERSION: debian: cannot list bullseye-* tags: timed out\n  broken/Dockerfile:2: line 2: FROM has no image\n');
    expect(text.endsWith('\nNothing to change.\n')).toBe(true);
  });

  it.each([
    [[CHANGE], true, 'Wrote 1 file.'],
    [[CHANGE, { ...CHANGE, file: 'Containerfile' }], true, 'Wrote 2 files.'],
    [[CHANGE, { ...CHANGE, file: 'Containerfile' }], false, 'Dry run: 2 files would change. Run again with --write to apply.'],
    [[], true, 'Nothing to change.'],
  ])('ends with the outcome (%#)', (changes, written, last) => {
    const text = renderCheckText({ pins: [UPDATE_PIN], updates: [UPDATE], errors: [] }, changes, { written });
    expect(text.trimEnd().split('\n').at(-1)).toBe(last);
    expect(text.split('--- a/').length - 1).toBe(changes.length);
  });
});
