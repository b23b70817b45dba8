// The bump marker a PR body carries: written and read back, read permissively (bad optional
// fields dropped, unknown fields kept), and replaced in place.
import { describe, expect, it } from 'vitest';
import type { BumpMarker } from '../../../src/core/markers/bump-marker.ts';
import { readBumpMarker, renderBumpMarker, replaceBumpMarker } from '../../../src/core/markers/bump-marker.ts';
import { renderMarker } from '../../../src/core/markers/markers.ts';

const MARKER: BumpMarker = {
  v: 1,
  file: 'Dockerfile',
  pin: 'arg:DEBIAN_VERSION',
  name: 'DEBIAN_VERSION',
  current: 'bullseye-20250520-slim',
  proposed: 'bullseye-20250610-slim',
  migration: false,
  history: [{ proposed: 'bullseye-20250601-slim', at: '2026-11-22T00:00:00.000Z' }],
  runId: 1008,
  dispatchedSha: 'a'.repeat(40),
};

describe('bump marker', () => {
  it('round-trips through a PR body', () => {
    const body = `Some text.\n\n${renderBumpMarker(MARKER)}\n`;
    expect(body).toMatch(/<!-- freshpin:bump [A-Za-z0-9_-]+ -->/);
    expect(readBumpMarker(body)).toEqual(MARKER);
  });

  it.each<[string, unknown, Partial<BumpMarker> | undefined]>([
    ['no marker', undefined, undefined],
    ['another version', { ...MARKER, v: 2 }, undefined],
    ['a required field missing', { ...MARKER, proposed: undefined }, undefined],
    ['a bad history is dropped', { ...MARKER, history: 'yesterday' }, { history: [] }],
    ['no history at all', { ...MARKER, history: undefined }, { history: [] }],
    ['a bad run id is dropped', { ...MARKER, runId: 'x' }, { runId: undefined }],
    ['flags set by commands', { ...MARKER, ignored: true, released: true, rejected: 'too new' }, { ignored: true, released: true, rejected: 'too new' }],
    ['unknown fields are kept', { ...MARKER, future: { a: 1 } }, { future: { a: 1 } } as Partial<BumpMarker>],
  ])('reads %s', (_name, data, expected) => {
    const body = data === undefined ? 'A PR without marker' : `text\n${renderMarker('bump', data)}`;
    const read = readBumpMarker(body);
    if (expected === undefined) expect(read).toBeUndefined();
    else expect(read).toEqual({ ...MARKER, ...expected });
  });

  it('reads nothing from a null or empty body', () => {
    expect(readBumpMarker(null)).toBeUndefined();
    expect(readBumpMarker(undefined)).toBeUndefined();
    expect(readBumpMarker('')).toBeUndefined();
  });

  it('replaces the marker in place, keeping the rest of the body', () => {
    const body = `Intro\n\n${renderBumpMarker(MARKER)}\n\nafter`;
    const replaced = replaceBumpMarker(body, { ...MARKER, released: true });
    expect(replaced.startsWith('Intro\n\n<!-- freshpin:bump ')).toBe(true);
    expect(replaced.endsWith(' -->\n\nafter')).toBe(true);
    expect(readBumpMarker(replaced)).toEqual({ ...MARKER, released: true });
    expect(readBumpMarker(replaceBumpMarker('no marker here', MARKER))).toEqual(MARKER);
  });
});
