import { describe, expect, it } from 'vitest';
import { joinContinuations } from '../../../src/core/dockerfile/join-continuations.ts';
import { isLiteralWord, lexWord, WordSyntaxError } from '../../../src/core/dockerfile/lex-word.ts';
import type { WordToken } from '../../../src/core/dockerfile/lex-word.ts';

function join(text: string, escape = '\\'): string {
  return joinContinuations(text, 0, text.length, escape)
    .map((c) => c.ch)
    .join('');
}

function show(tokens: WordToken[]): string {
  return tokens.map((t) => (t.kind === 'char' ? t.ch : `<${t.name}${t.op ?? ''}${show(t.word)}>`)).join('');
}

function lex(text: string, escape = '\\'): string {
  return show(lexWord(joinContinuations(text, 0, text.length, escape), escape));
}

describe('joinContinuations', () => {
  it.each([
    { text: 'a\\\nb', joined: 'ab' },
    { text: 'a\\  \t\r\nb', joined: 'ab' },
    { text: 'a\\\n# comment\n\n   \n  b', joined: 'a  b' },
    { text: 'a\\\n  # comment\r\n b', joined: 'a b' },
    { text: 'a\\b', joined: 'a\\b' },
    { text: 'a\\\\\nb', joined: 'a\\b' },
    { text: 'a\\', joined: 'a' },
  ])('$text', ({ text, joined }) => {
    expect(join(text)).toBe(joined);
  });

  it('uses the escape character given', () => {
    expect(join('a`\r\nb\\', '`')).toBe('ab\\');
  });

  it('keeps the offset of every character', () => {
    const text = 'ab\\\n# c\ncd';
    for (const c of joinContinuations(text, 0, text.length, '\\')) expect(text[c.offset]).toBe(c.ch);
  });
});

describe('lexWord', () => {
  it.each([
    { text: 'debian:12', lexed: 'debian:12' },
    { text: '"a b"\'$c\'', lexed: 'a b$c' },
    { text: '"x\\"y\\$z\\\\w\\q"', lexed: 'x"y$z\\w\\q' },
    { text: 'a\\ b\\$c', lexed: 'a b$c' },
    { text: '$A-${B}', lexed: '<A>-<B>' },
    { text: '${A:-x${B}y}', lexed: '<A:-x<B>y>' },
    { text: '${A-"}"}', lexed: '<A-}>' },
    { text: '${A:+alt}${A+x}${A:?msg}${A?}', lexed: '<A:+alt><A+x><A:?msg><A?>' },
    { text: '${A#pre}${A%%suf}', lexed: '<Apatternpre><Apatternsuf>' },
    { text: '$', lexed: '$' },
    { text: '$-x', lexed: '$-x' },
    { text: '$1a', lexed: '<1>a' },
    { text: '"$A"', lexed: '<A>' },
  ])('$text', ({ text, lexed }) => {
    expect(lex(text)).toBe(lexed);
  });

  it.each([
    { text: '"open', offset: 0, message: /double quote/ },
    { text: "x'open", offset: 1, message: /single quote/ },
    { text: 'a${B', offset: 1, message: /unterminated/ },
    { text: 'a${B:-x', offset: 1, message: /unterminated/ },
    { text: '${B:x}', offset: 4, message: /unsupported modifier/ },
    { text: '${B!}', offset: 3, message: /bad substitution/ },
    { text: '${}', offset: 0, message: /bad substitution/ },
  ])('rejects $text', ({ text, offset, message }) => {
    let caught: unknown;
    try {
      lex(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WordSyntaxError);
    expect((caught as WordSyntaxError).offset).toBe(offset);
    expect((caught as WordSyntaxError).message).toMatch(message);
  });

  it('tells literal words from words with variables', () => {
    const literal = (text: string) => isLiteralWord(lexWord(joinContinuations(text, 0, text.length, '\\'), '\\'));
    expect(literal('"bookworm-20250520"')).toBe(true);
    expect(literal('bookworm-$DATE')).toBe(false);
  });
});
