import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url, hasMarker, readMarker, removeMarkers, renderMarker } from '../../../src/core/markers/markers.ts';
import { escapeMarkdown } from '../../../src/core/render/escape-markdown.ts';

describe('markers', () => {
  it('renders a hidden comment with base64url JSON', () => {
    expect(renderMarker('scan', { a: 1 })).toBe('<!-- freshpin:scan eyJhIjoxfQ -->');
  });

  it('round-trips any JSON value through text around it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (data, around) => {
        const text = `${escapeMarkdown(around)}\n${renderMarker('pr-body', data)}\n${escapeMarkdown(around)}`;
        expect(readMarker(text, 'pr-body')).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('reads the first well-formed marker of the kind asked for', () => {
    const text = ['<!-- freshpin:scan !!! -->', renderMarker('other', 1), renderMarker('scan', { n: 2 }), renderMarker('scan', { n: 3 })].join('\n');
    expect(readMarker(text, 'scan')).toEqual({ n: 2 });
    expect(readMarker(text, 'other')).toBe(1);
    expect(readMarker(text, 'missing')).toBeUndefined();
    expect(hasMarker(text, 'scan')).toBe(true);
  });

  it('ignores payloads that are not base64url JSON', () => {
    expect(readMarker('<!-- freshpin:scan bm90IGpzb24 -->', 'scan')).toBeUndefined();
    expect(readMarker('<!-- freshpin:scan A -->', 'scan')).toBeUndefined();
  });

  it('cannot be spoofed by escaped untrusted text', () => {
    const spoof = escapeMarkdown(renderMarker('scan', { evil: true }));
    expect(readMarker(spoof, 'scan')).toBeUndefined();
    expect(hasMarker(spoof, 'scan')).toBe(false);
  });

  it('refuses a kind that could break the pattern', () => {
    expect(() => renderMarker('scan -->', 1)).toThrow();
    expect(() => readMarker('', 'a.*')).toThrow();
  });

  it('encodes and decodes base64url like the standard', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = encodeBase64Url(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64Url(encoded)).toEqual(bytes);
      }),
    );
  });
});

describe('hasMarker (bare and payload markers)', () => {
  it.each([
    ['<!-- freshpin:status -->\nhi', 'status', true],
    ['<!-- freshpin:status key=1 -->', 'status', true],
    ['<!-- freshpin:status-v2 -->', 'status', false],
    ['<!-- freshpin:statusx -->', 'status', false],
    ['freshpin:status', 'status', false],
  ])('%j has %s → %s', (body, kind, expected) => {
    expect(hasMarker(body, kind)).toBe(expected);
  });
});

describe('removeMarkers', () => {
  it('drops the payload markers of one kind with their line break, and keeps the rest', () => {
    const text = `${renderMarker('scan', { n: 1 })}\nbody\n${renderMarker('other', 2)}\n`;
    expect(removeMarkers(text, 'scan')).toBe(`body\n${renderMarker('other', 2)}\n`);
  });
});
