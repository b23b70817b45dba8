// Joins a stretch of Dockerfile text across line continuations, keeping each character's
// offset. Docker's rules: an escape character followed only by spaces or tabs up to the
// line break continues the line; the next lines that are blank or comments are dropped.
import { lineBreakLength } from './offsets.ts';

/** One character of an instruction's logical line, with its offset in the file. */
export interface SourceChar {
  ch: string;
  offset: number;
}

/** The offset just past the line break that ends a continuation starting at `escapeAt`, if it is one. */
function continuationEnd(text: string, escapeAt: number): number | undefined {
  let j = escapeAt + 1;
  while (text[j] === ' ' || text[j] === '\t') j++;
  if (j >= text.length) return text.length;
  const breakLength = lineBreakLength(text, j);
  return breakLength > 0 ? j + breakLength : undefined;
}

/** Skips whole lines that are blank or comments, as Docker does inside a continued instruction. */
function skipIgnorableLines(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    let k = i;
    while (k < text.length && lineBreakLength(text, k) === 0) k++;
    if (!/^[ \t]*(?:#|$)/.test(text.slice(i, k))) break;
    i = k + lineBreakLength(text, k);
  }
  return i;
}

/** The characters of `text[start, end)` as one logical line, continuations removed. */
export function joinContinuations(text: string, start: number, end: number, escape: string): SourceChar[] {
  const chars: SourceChar[] = [];
  let i = start;
  while (i < end) {
    const ch = text[i] ?? '';
    if (ch === escape) {
      const next = continuationEnd(text, i);
      if (next !== undefined) {
        i = skipIgnorableLines(text, next, end);
        continue;
      }
    }
    chars.push({ ch, offset: i });
    i++;
  }
  return chars;
}
