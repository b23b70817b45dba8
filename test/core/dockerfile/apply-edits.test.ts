import { describe, expect, it } from 'vitest';
import { applyEdits, EditConflictError } from '../../../src/core/dockerfile/apply-edits.ts';
import type { TextEdit } from '../../../src/core/model.ts';

const edit = (start: number, end: number, replacement: string): TextEdit => ({ range: { start, end }, replacement });

describe('applyEdits', () => {
  it.each([
    { name: 'no edits', text: 'abc', edits: [], out: 'abc' },
    { name: 'one replacement', text: 'debian:2024', edits: [edit(7, 11, '2025')], out: 'debian:2025' },
    { name: 'edits in any order', text: 'a-b-c', edits: [edit(4, 5, 'C'), edit(0, 1, 'A')], out: 'A-b-C' },
    { name: 'longer and shorter replacements', text: 'x1y22z', edits: [edit(1, 2, '111'), edit(3, 5, '')], out: 'x111yz' },
    { name: 'identical duplicates collapse', text: 'abc', edits: [edit(1, 2, 'B'), edit(1, 2, 'B')], out: 'aBc' },
    { name: 'adjacent edits', text: 'abc', edits: [edit(0, 1, 'A'), edit(1, 2, 'B')], out: 'ABc' },
    { name: 'an insertion next to a replacement', text: 'abc', edits: [edit(1, 2, 'B'), edit(1, 1, '+')], out: 'a+Bc' },
    { name: 'CRLF text is kept byte for byte', text: 'A=1\r\nB=2\r\n', edits: [edit(7, 8, '3')], out: 'A=1\r\nB=3\r\n' },
  ])('$name', ({ text, edits, out }) => {
    expect(applyEdits(text, edits)).toBe(out);
  });

  it.each([
    { name: 'overlapping different edits', edits: [edit(0, 2, 'x'), edit(1, 3, 'y')] },
    { name: 'same range, different text', edits: [edit(1, 2, 'x'), edit(1, 2, 'y')] },
    { name: 'two different insertions at one point', edits: [edit(1, 1, 'x'), edit(1, 1, 'y')] },
    { name: 'a range past the end', edits: [edit(2, 9, 'x')] },
    { name: 'a reversed range', edits: [edit(2, 1, 'x')] },
  ])('rejects $name', ({ edits }) => {
    expect(() => applyEdits('abcd', edits)).toThrow(EditConflictError);
  });
});
