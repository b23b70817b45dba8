// The runtime's ETag cache: every answer kept deflated in a one-byte string, inflated only
// when GitHub answers 304 (see conditional-cache.ts for the hook and the LRU). Answers of one
// route share most of their text (keys, URL patterns, user objects, freshpin's own PR and
// issue bodies), so each route's first sizeable answer becomes a deflate dictionary for the
// later ones, which then shrink to a fraction of what deflate alone makes of them.
import { Buffer } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createEtagCache } from '../github/conditional-cache.ts';
import type { CachedResponse, EtagCache } from '../github/conditional-cache.ts';

/** The answer as JSON, with the body's kind so that text and bytes come back as they went in. */
interface Envelope {
  status: number;
  url: string;
  headers: Record<string, unknown>;
  kind: 'json' | 'text' | 'binary';
  data: unknown;
}

function toEnvelope({ etag: _etag, route: _route, data, ...rest }: CachedResponse): Envelope {
  if (data instanceof ArrayBuffer) return { ...rest, kind: 'binary', data: Buffer.from(data).toString('base64') };
  if (ArrayBuffer.isView(data)) return { ...rest, kind: 'binary', data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  return { ...rest, kind: typeof data === 'string' ? 'text' : 'json', data };
}

function fromEnvelope(etag: string, { kind, data, ...rest }: Envelope): CachedResponse {
  if (kind !== 'binary') return { etag, ...rest, data };
  const bytes = Buffer.from(data as string, 'base64');
  return { etag, ...rest, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
}

/** Deflate uses at most the last 32 KiB of a dictionary. */
const MAX_DICTIONARY_BYTES = 32 * 1024;
/** An answer shorter than this says too little about its route to serve as its dictionary. */
const MIN_DICTIONARY_BYTES = 512;
/** Routes are the app's own (a few dozen); past this many, answers are deflated without a dictionary. */
const MAX_DICTIONARIES = 64;

interface Packed {
  bytes: string;
  dictionary: Buffer | undefined;
}

/**
 * The ETag cache with every answer kept deflated, in a one-byte string (no ArrayBuffer per
 * entry), against its route's dictionary. The dictionaries (at most 64 × 32 KiB, in practice
 * a few hundred KiB) are kept until `clear()` and not counted in the byte budget.
 */
export function createCompactEtagCache(options: { maxEntries?: number; maxBytes?: number } = {}): EtagCache {
  const dictionaries = new Map<string, Buffer>();
  const dictionaryFor = (route: string | undefined, json: string): Buffer | undefined => {
    if (route === undefined) return undefined;
    const known = dictionaries.get(route);
    if (known !== undefined || dictionaries.size >= MAX_DICTIONARIES || json.length < MIN_DICTIONARY_BYTES) return known;
    const text = Buffer.from(json, 'utf8');
    const dictionary = Buffer.from(text.subarray(Math.max(0, text.length - MAX_DICTIONARY_BYTES)));
    dictionaries.set(route, dictionary);
    return dictionary;
  };
  return createEtagCache<Packed>({
    ...options,
    codec: {
      pack(value) {
        let json: string;
        try {
          json = JSON.stringify(toEnvelope(value));
        } catch {
          return undefined; // Not JSON (a BigInt): left uncached rather than failing the request.
        }
        const dictionary = dictionaryFor(value.route, json);
        return { bytes: deflateRawSync(json, dictionary === undefined ? {} : { dictionary }).toString('latin1'), dictionary };
      },
      unpack({ bytes, dictionary }, etag) {
        const json = inflateRawSync(Buffer.from(bytes, 'latin1'), dictionary === undefined ? {} : { dictionary }).toString('utf8');
        return fromEnvelope(etag, JSON.parse(json) as Envelope);
      },
      bytes: (packed) => packed.bytes.length,
      // Entries hold their own dictionary; new ones start over.
      reset: () => dictionaries.clear(),
    },
  });
}
