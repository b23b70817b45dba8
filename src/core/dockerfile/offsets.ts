// Conversion between the (line, character) positions dockerfile-ast reports and offsets
// into the file's text. Line breaks are `\r\n`, `\n` or a lone `\r`, as the parser counts
// them; characters are UTF-16 code units, as JS strings index them.

/** A zero-based line and character, as dockerfile-ast (LSP) positions are. */
export interface LinePosition {
  line: number;
  character: number;
}

/** Offsets in the text where each line starts; element 0 is always 0. */
export type LineStarts = readonly number[];

/** Computes the offset of each line's first character. */
export function computeLineStarts(text: string): LineStarts {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The offset of the line's end: the position of its line break, or the text's end. */
function lineEnd(text: string, starts: LineStarts, line: number): number {
  const next = starts[line + 1];
  if (next === undefined) return text.length;
  // Step back over the break: `\r\n` is two characters, `\n` or `\r` one.
  return next >= 2 && text[next - 2] === '\r' && text[next - 1] === '\n' ? next - 2 : next - 1;
}

/** Converts a position to an offset; positions past a line's end clamp to it, like LSP documents. */
export function positionToOffset(text: string, starts: LineStarts, position: LinePosition): number {
  if (position.line < 0) return 0;
  const start = starts[position.line];
  if (start === undefined) return text.length;
  const end = lineEnd(text, starts, position.line);
  return Math.min(start + Math.max(0, position.character), end);
}

/** The 1-based line number holding `offset`. */
export function lineOfOffset(starts: LineStarts, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Whether a line break (`\r\n`, `\n`, `\r`) starts at `offset`; returns its length, or 0. */
export function lineBreakLength(text: string, offset: number): number {
  const ch = text[offset];
  if (ch === '\n') return 1;
  if (ch === '\r') return text[offset + 1] === '\n' ? 2 : 1;
  return 0;
}
