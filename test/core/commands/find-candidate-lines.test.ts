import { describe, expect, it } from 'vitest';
import { findCandidateLines, findCodeSpans, measureIndent } from '../../../src/core/commands/find-candidate-lines.ts';

describe('findCandidateLines', () => {
  it.each([
    ['plain lines', 'a\nb', [1, 2]],
    ['blank lines are skipped', 'a\n\n  \nb', [1, 4]],
    ['indentation up to 3 spaces is removed', '   a', [1]],
    ['4 spaces at the start is code', '    a\nb', [2]],
    ['a 4-space continuation is not a candidate', 'a\n    b', [1]],
    ['fence contents', 'a\n```\nb\n```\nc', [1, 5]],
    ['a shorter closing run does not close', '````\n```\nb\n````\nc', [5]],
    ['a closing run with text does not close', '```\n``` x\nb\n```\nc', [5]],
    ['a backtick fence with a backtick in its info is not a fence', '``` a`b\nc', [1, 2]],
    ['a fence indented 4 is not a fence', 'x\n\n    ```\nb', [1, 4]],
    ['quotes and their lazy lines', '> a\nb\n\nc', [4]],
    ['an empty quote line has no lazy continuation', '>\nb', [2]],
    ['an HTML comment on one line', '<!-- x -->\nb', [2]],
    ['an HTML comment over lines', '<!--\na\n-->\nb', [4]],
    ['a line starting inside a code span', 'x `a\nb` c\nd', [1, 3]],
  ])('%s', (_label, body, lines) => {
    expect(findCandidateLines(body).map((c) => c.line)).toEqual(lines);
  });

  it('returns the text without its indentation', () => {
    expect(findCandidateLines('  hi there')).toEqual([{ line: 1, text: 'hi there' }]);
  });
});

describe('findCodeSpans', () => {
  it.each<[string, string, Array<[number, number]>]>([
    ['a single span', 'a `b` c', [[2, 5]]],
    ['runs must match in length', 'a ``b` c`` d', [[2, 10]]],
    ['an unmatched run is literal', 'a ` b', []],
    ['an escaped backtick opens nothing', 'a \\`b` c`', [[5, 9]]],
    ['backslashes inside spans are literal', '`a\\` b', [[0, 4]]],
  ])('%s', (_label, text, spans) => {
    expect(findCodeSpans(text)).toEqual(spans);
  });
});

describe('measureIndent', () => {
  it.each([
    ['', 0],
    ['   x', 3],
    ['\tx', 4],
    ['  \tx', 4],
    [' \t x', 5],
  ])('%j has %i columns', (line, columns) => {
    expect(measureIndent(line).columns).toBe(columns);
  });
});
