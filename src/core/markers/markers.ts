// Hidden markers that let freshpin find and read back its own comments and PR bodies:
// `<!-- freshpin:KIND BASE64URL-JSON -->`. The payload is base64url so it can hold any JSON
// without ever containing `-->`; untrusted text escaped by escape-markdown.ts can't contain
// `<!--`, so it can't fake a marker.

const KIND = /^[a-z][a-z0-9-]{0,39}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Base64url without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    if (b !== undefined) out += ALPHABET[(n >> 6) & 63];
    if (c !== undefined) out += ALPHABET[n & 63];
  }
  return out;
}

/** Decodes base64url (no padding); undefined on a bad character or length. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    const digit = LOOKUP.get(char);
    if (digit === undefined) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

function assertKind(kind: string): void {
  if (!KIND.test(kind)) throw new Error(`invalid marker kind ${JSON.stringify(kind)}`);
}

/** `<!-- freshpin:KIND BASE64URL-JSON -->` for any JSON-serialisable data. Kind: lower-case letters, digits, `-`. */
export function renderMarker(kind: string, data: unknown): string {
  assertKind(kind);
  const json = JSON.stringify(data ?? null);
  return `<!-- freshpin:${kind} ${encodeBase64Url(new TextEncoder().encode(json))} -->`;
}

/** The bare marker that opens a marked comment or issue body: `<!-- freshpin:KIND -->`. */
export function markerFor(kind: string): string {
  assertKind(kind);
  return `<!-- freshpin:${kind} -->`;
}

/**
 * True when the text holds a marker of exactly this kind, bare or with a payload (whether or
 * not the payload decodes): `dash` does not match `dashboard`.
 */
export function hasMarker(text: string, kind: string): boolean {
  assertKind(kind);
  return new RegExp(`<!-- freshpin:${kind}(?=\\s|-->)`).test(text);
}

/**
 * The data of the first well-formed marker of this kind in the text, or undefined. The data is
 * unknown: validate it (with zod) before use.
 */
export function readMarker(text: string, kind: string): unknown {
  assertKind(kind);
  const pattern = new RegExp(`<!-- freshpin:${kind} ([A-Za-z0-9_-]*) -->`, 'g');
  for (const match of text.matchAll(pattern)) {
    const bytes = decodeBase64Url(match[1] ?? '');
    if (bytes === undefined) continue;
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The text without its payload markers of this kind (each with the line break after it). */
export function removeMarkers(text: string, kind: string): string {
  assertKind(kind);
  return text.replace(new RegExp(`<!-- freshpin:${kind} [A-Za-z0-9_-]* -->\\n?`, 'g'), '');
}
