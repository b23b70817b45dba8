import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeLineStarts, lineBreakLength, lineOfOffset, positionToOffset } from '../../../src/core/dockerfile/offsets.ts';

describe('computeLineStarts', () => {
  it.each([
    { text: '', starts: [0] },
    { text: 'a', starts: [0] },
    { text: 'a\nb', starts: [0, 2] },
    { text: 'a\r\nb\r\n', starts: [0, 3, 6] },
    { text: 'a\rb', starts: [0, 2] },
    { text: '\n\r\n\r', starts: [0, 1, 3, 4] },
  ])('$text', ({ text, starts }) => {
    expect(computeLineStarts(text)).toEqual(starts);
  });
});

describe('positionToOffset', () => {
  const crlf = 'FROM a\r\nARG B=1\r\n';
  const lf = 'FROM a\nARG B=1\n';
  it.each([
    { text: lf, line: 1, character: 4, offset: 11 },
    { text: crlf, line: 1, character: 4, offset: 12 },
    { text: crlf, line: 1, character: 99, offset: 15 },
    { text: crlf, line: 0, character: 6, offset: 6 },
    { text: crlf, line: 2, character: 0, offset: 17 },
    { text: crlf, line: 7, character: 0, offset: 17 },
  ])('($line, $character) → $offset', ({ text, line, character, offset }) => {
    expect(positionToOffset(text, computeLineStarts(text), { line, character })).toBe(offset);
  });

  it('round-trips every offset through (line, character) for LF, CRLF and CR text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', 'é')).map((p) => p.join('')), (text) => {
        const starts = computeLineStarts(text);
        for (let offset = 0; offset <= text.length; offset++) {
          if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // inside a CRLF pair
          const line = lineOfOffset(starts, offset) - 1;
          const character = offset - (starts[line] ?? 0);
          expect(positionToOffset(text, starts, { line, character })).toBe(offset);
        }
      }),
    );
  });
});

describe('lineOfOffset', () => {
  it.each([
    { offset: 0, line: 1 },
    { offset: 5, line: 1 },
    { offset: 6, line: 2 },
    { offset: 9, line: 3 },
    { offset: 100, line: 3 },
  ])('$offset → line $line', ({ offset, line }) => {
    expect(lineOfOffset(computeLineStarts('abcd\r\nx\nyz'), offset)).toBe(line);
  });
});

describe('lineBreakLength', () => {
  it.each([
    { text: 'a\r\n', offset: 1, length: 2 },
    { text: 'a\n', offset: 1, length: 1 },
    { text: 'a\r', offset: 1, length: 1 },
    { text: 'a\n', offset: 0, length: 0 },
    { text: 'a', offset: 1, length: 0 },
  ])('$text at $offset', ({ text, offset, length }) => {
    expect(lineBreakLength(text, offset)).toBe(length);
  });
});
