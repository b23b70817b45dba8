// Applies text edits to a file, leaving every byte outside their ranges untouched.
import type { Range, TextEdit } from '../model.ts';

/** Edits that cannot be applied together: they overlap, or a range lies outside the text. */
export class EditConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditConflictError';
  }
}

function describe(range: Range): string {
  return `[${range.start}, ${range.end})`;
}

/** Sorts edits by position, drops exact duplicates, and rejects overlaps and bad ranges. */
export function normalizeEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  for (const edit of edits) {
    const { start, end } = edit.range;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
      throw new EditConflictError(`edit range ${describe(edit.range)} is outside the text (length ${text.length})`);
    }
  }
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = kept[kept.length - 1];
    if (previous !== undefined) {
      const same = previous.range.start === edit.range.start && previous.range.end === edit.range.end;
      if (same && previous.replacement === edit.replacement) continue;
      if (same || edit.range.start < previous.range.end) {
        throw new EditConflictError(`edits at ${describe(previous.range)} and ${describe(edit.range)} overlap`);
      }
    }
    kept.push(edit);
  }
  return kept;
}

/**
 * Applies non-overlapping edits; identical duplicates count once, overlapping different
 * edits throw EditConflictError.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let cursor = 0;
  for (const edit of normalizeEdits(text, edits)) {
    out += text.slice(cursor, edit.range.start) + edit.replacement;
    cursor = edit.range.end;
  }
  return out + text.slice(cursor);
}
