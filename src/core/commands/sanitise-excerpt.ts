// Makes user text safe to quote back in a GitHub markdown reply: no mentions, no
// references, no code spans, no HTML, no hidden or direction-changing characters.

/** Characters that are invisible, control the terminal or reorder text: control, format, surrogate, private-use, line/paragraph separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/gu;

const ZERO_WIDTH_SPACE_ENTITY = '&#8203;';

/** Default excerpt length, in code points. */
export const EXCERPT_LENGTH = 80;

/**
 * A single-line, markdown-escaped excerpt of `text`: hidden characters become U+FFFD,
 * it is cut to `max` code points (with `…`), `& < >` and backticks become entities,
 * `@` and `#` are broken with a zero-width space so they cannot mention or reference,
 * and markdown emphasis/link/table characters are backslash-escaped.
 */
export function sanitiseExcerpt(text: string, max: number = EXCERPT_LENGTH): string {
  const visible = text.replace(HIDDEN, '\uFFFD').trim();
  const points = [...visible];
  const cut = points.length > max ? `${points.slice(0, max).join('')}…` : visible;
  let out = '';
  for (const ch of cut) out += escapeChar(ch);
  return out;
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '`':
      return '&#96;';
    case '@':
    case '#':
      return ch + ZERO_WIDTH_SPACE_ENTITY;
    case '\\':
    case '*':
    case '_':
    case '[':
    case ']':
    case '~':
    case '|':
      return `\\${ch}`;
    default:
      return ch;
  }
}
