// `Key: value` lines as scanners write them into SARIF messages, padded or not:
// `Package: libssl1.1` (Trivy), `  Fixed version   : not fixed   ` (Docker Scout).

/** The keys a caller wants, lower-cased, with their lengths for a cheap first check. */
export interface KeySet {
  keys: ReadonlySet<string>;
  lengths: ReadonlySet<number>;
}

/** Builds a KeySet from lower-case keys. */
export function keySet(...keys: string[]): KeySet {
  return { keys: new Set(keys), lengths: new Set(keys.map((k) => k.length)) };
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/**
 * Lower-cased key → trimmed value; the first occurrence of a key wins; lines without a colon are
 * skipped. With `wanted`, only those keys are kept. Hand-rolled and linear (no regex per line, each
 * colon searched for once): it runs once per result of a 50 MB SARIF, on untrusted text.
 */
export function readKeyValues(text: string, wanted?: KeySet): Map<string, string> {
  const values = new Map<string, string>();
  let start = 0;
  let colon = -1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (colon < start) {
      colon = text.indexOf(':', start);
      if (colon < 0) break;
    }
    if (colon < end) {
      let keyStart = start;
      let keyEnd = colon;
      while (keyStart < keyEnd && isBlank(text.charCodeAt(keyStart))) keyStart++;
      while (keyEnd > keyStart && isBlank(text.charCodeAt(keyEnd - 1))) keyEnd--;
      if (keyEnd > keyStart && (wanted === undefined || wanted.lengths.has(keyEnd - keyStart))) {
        const key = text.slice(keyStart, keyEnd).toLowerCase();
        if ((wanted === undefined || wanted.keys.has(key)) && !values.has(key)) values.set(key, text.slice(colon + 1, end).trim());
      }
    }
    start = end + 1;
  }
  return values;
}

/** A value, or undefined when absent or empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}

/** A fixed-version text, or undefined for ``, `not fixed`, `none`, `n/a` and the like. */
export function fixedVersion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^(?:|not[ _-]?fixed|none|n\/a|unknown|won'?t[ _-]?fix|-)$/i.test(text)) return undefined;
  return text;
}
