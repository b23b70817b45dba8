import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, ZWSP } from '../../../src/core/render/escape-markdown.ts';

/** Everything escaped text must never contain, whatever went in. */
function expectInert(out: string): void {
  expect(out).not.toMatch(/[\n\r]/);
  expect(out).not.toMatch(/[<>]/); // no raw HTML, no `<!--`, no angle autolinks
  expect(out).not.toMatch(/(^|[^\\])[[\]`|*_~!()$]/); // markdown punctuation is backslash-escaped
  expect(out).not.toMatch(/@[A-Za-z0-9]/); // no mention, no e-mail autolink
  expect(out).not.toMatch(/#\d/); // no issue reference
  expect(out).not.toMatch(/GH-\d/i);
  expect(out).not.toMatch(/:\/\/|www\./i); // no autolinks
  expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/); // no live entity (e.g. `&#64;` → `@`)
  expect(out.startsWith('/')).toBe(false);
}

describe('escapeMarkdown', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['[x](http://evil)', `\\[x\\]\\(http:/${ZWSP}/evil\\)`],
    ['![i](https://e/x.png)', `\\!\\[i\\]\\(https:/${ZWSP}/e/x.png\\)`],
    ['@org/team', `@${ZWSP}org/team`],
    ['mail me a@b.com', `mail me a@${ZWSP}b.com`],
    ['fixes #123 and o/r#4', `fixes #${ZWSP}123 and o/r#${ZWSP}4`],
    ['see GH-123', `see GH-${ZWSP}123`],
    ['<!-- freshpin:scan e30 -->', '&lt;\\!-- freshpin:scan e30 --&gt;'],
    ['/freshpin merge', `${ZWSP}/freshpin merge`],
    ['`code` | cell', '\\`code\\` \\| cell'],
    ['line1\nline2\r\n/freshpin merge', 'line1 line2 /freshpin merge'],
    ['*bold* _it_ ~s~ \\ $x$', '\\*bold\\* \\_it\\_ \\~s\\~ \\\\ \\$x\\$'],
    ['www.evil.com', `www${ZWSP}.evil.com`],
    ['&#64;org', `&amp;#${ZWSP}64;org`],
    ['- item', '\\- item'],
    ['# heading', '\\# heading'],
    ['1. one', '1\\. one'],
    ['bidi\u202Eevil\u200Bzw', 'bidievilzw'],
    ['  libssl3  ', 'libssl3'],
    ['1.1.1w-0+deb11u1', '1.1.1w-0+deb11u1'],
    ['golang.org/x/net', 'golang.org/x/net'],
  ])('%j', (input, expected) => {
    const out = escapeMarkdown(input);
    expect(out).toBe(expected);
    expectInert(out);
  });

  it('caps the length of a field', () => {
    expect(escapeMarkdown('a'.repeat(500), { maxLength: 10 })).toBe(`${'a'.repeat(9)}…`);
    expect(Array.from(escapeMarkdown('😀'.repeat(50), { maxLength: 5 }))).toHaveLength(5);
    expect(escapeMarkdown('x'.repeat(1000))).toHaveLength(200);
  });

  it('turns non-strings into text', () => {
    expect(escapeMarkdown(undefined)).toBe('');
    expect(escapeMarkdown(42)).toBe('42');
  });

  it('leaves any input inert', () => {
    const hostile = fc.stringMatching(/^[a-z0-9 <>[\]()!@#`|*_~\\/:.&;$\n-]{0,60}$/);
    fc.assert(fc.property(fc.oneof(hostile, fc.string()), (text) => expectInert(escapeMarkdown(text))), { numRuns: 500 });
  });
});
