// Validates the free-text reason of `reject`: one printable line, nothing a shell or
// a markdown renderer could take for code, nothing that hides or reorders text.
import { MAX_REASON_LENGTH } from './command-catalog.ts';

/** Control, surrogate and private-use characters; line/paragraph separators; format characters except the emoji joiner U+200D. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}]|(?!\u200D)\p{Cf}/u;

/** Bidirectional embedding, override and isolate characters (also caught by UNPRINTABLE; named for the message). */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;

/** Why `reason` is not acceptable, or undefined when it is. The message never quotes the reason. */
export function checkReason(reason: string): string | undefined {
  if ([...reason].length > MAX_REASON_LENGTH) return `the reason is longer than ${MAX_REASON_LENGTH} characters`;
  if (BIDI.test(reason)) return 'the reason contains bidirectional control characters';
  if (UNPRINTABLE.test(reason)) return 'the reason contains control or invisible characters';
  if (reason.includes('`')) return 'the reason contains backticks';
  if (reason.includes('$(') || reason.includes('${')) return 'the reason contains `$(` or `${`';
  return undefined;
}
