import { describe, expect, it } from 'vitest';
import { sanitiseExcerpt } from '../../../src/core/commands/sanitise-excerpt.ts';

describe('sanitiseExcerpt', () => {
  it.each([
    ['plain text', 'merge now', 'merge now'],
    ['mentions are broken', '@octocat', '@&#8203;octocat'],
    ['references are broken', 'org/repo#12', 'org/repo#&#8203;12'],
    ['backticks become entities', '`x`', '&#96;x&#96;'],
    ['HTML is escaped', '<img src=x>', '&lt;img src=x&gt;'],
    ['entities are escaped first', '&#64;octocat', '&amp;#&#8203;64;octocat'],
    ['markdown punctuation is escaped', '*a* _b_ [c](d) ~e~ |f| \\g', '\\*a\\* \\_b\\_ \\[c\\](d) \\~e\\~ \\|f\\| \\\\g'],
    ['bidi and control characters become U+FFFD', 'a\u202Eb\u0007c\u200Bd', 'a\uFFFDb\uFFFDc\uFFFDd'],
    ['long text is cut by code points', '🙂'.repeat(100), `${'🙂'.repeat(80)}…`],
  ])('%s', (_label, input, output) => {
    expect(sanitiseExcerpt(input)).toBe(output);
  });

  it('cuts at the given length', () => {
    expect(sanitiseExcerpt('abcdef', 3)).toBe('abc…');
  });
});
