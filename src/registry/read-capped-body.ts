// Reads a registry response body with a cap on its DECODED size: got decompresses gzip,
// deflate, br (and zstd) as a stream, and the count runs on what comes out of the
// decompressor, so a small gzip bomb is stopped after `maxBytes` of output, not after it
// has inflated in memory. The caps per kind of reply live here; docs/operations.md
// ("Caps: registries") gives the reason for each number.
import type { Readable } from 'node:stream';

/** Decoded-byte caps per kind of registry reply. */
export const BODY_CAPS = {
  /** One `/v2/<name>/tags/list` page (n=1000 names of up to 128 characters is ~130 KB; large registries ignore `n`). */
  tagListPage: 8 * 1024 * 1024,
  /** One manifest or index, and an image config blob (the distribution spec's own manifest limit is 4 MB). */
  manifest: 4 * 1024 * 1024,
  /** A token endpoint's JSON reply (a JWT is a few KB). */
  tokenReply: 64 * 1024,
  /** One Docker Hub API page (100 tags with their images is ~200 KB). */
  hubPage: 4 * 1024 * 1024,
} as const;

/** Any reply without a cap of its own (error bodies, `/v2/`). */
export const DEFAULT_BODY_CAP = BODY_CAPS.manifest;

/** Thrown when a body passes its cap; the stream has been destroyed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`body larger than ${formatBytes(maxBytes)}`);
    this.maxBytes = maxBytes;
  }
}

/**
 * Collects `stream` as UTF-8 text, destroying it and throwing BodyTooLargeError as soon as
 * more than `maxBytes` decoded bytes have arrived. A `content-length` above the cap on an
 * unencoded body is refused before reading.
 */
export async function readCappedBody(stream: Readable, maxBytes: number, headers: { 'content-length'?: string; 'content-encoding'?: string }): Promise<string> {
  const declared = Number(headers['content-length']);
  const encoded = headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
    stream.destroy();
    throw new BodyTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** `8 MiB`, `64 KiB`: for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}
