// A GitHub Actions artifact (a zip) → its files, all in memory. Nothing is written to disk or
// executed. Refused: names with `..` segments, absolute names (leading `/` or `\`, drive
// letters), symlinks and other special files, encrypted entries, unknown methods. Capped: entry
// count, total bytes and compression ratio; overlapping or out-of-order entries refuse the archive. Size headers are not trusted: each entry is
// inflated in small slices with a running byte count, and stops once it passes the least of
// its declared size, the bytes left in the total budget and its ratio allowance.
import { Inflate } from 'fflate';
import { ArtifactRejectedError, entryDataRange, readZipDirectory } from './read-zip-directory.ts';
import type { ZipDirectoryEntry } from './read-zip-directory.ts';

export { ArtifactRejectedError } from './read-zip-directory.ts';

export interface UnzipCaps {
  /** Most entries the archive may hold (directories included). */
  maxEntries: number;
  /** Most bytes all files together may inflate to. */
  maxTotalBytes: number;
  /** Most inflated bytes per compressed byte, checked once an entry passes {@link RATIO_FLOOR_BYTES}. */
  maxRatio: number;
}

/**
 * 48 MiB of report text in all: a Trivy or Grype report of a large Debian image is a few MB,
 * and the text, its parse and the comparison with the base must stay well under the 512 MiB a
 * container is given (docs/operations.md, "Caps: GitHub, webhooks and artifacts").
 */
export const MAX_UNZIPPED_BYTES = 48 * 1024 * 1024;

export const DEFAULT_UNZIP_CAPS: UnzipCaps = { maxEntries: 50, maxTotalBytes: MAX_UNZIPPED_BYTES, maxRatio: 200 };

/** Entries smaller than this are never refused for their ratio: tiny files compress absurdly well and are harmless. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Compressed bytes pushed to the inflater at a time: bounds how far one push can overshoot a cap (~1,032× this). */
const SLICE_BYTES = 4096;

export interface UnzippedArtifact {
  files: Array<{ name: string; content: Uint8Array }>;
  rejected: Array<{ name: string; reason: string }>;
}

const UNIX_TYPE_MASK = 0o170000;
const UNIX_SYMLINK = 0o120000;
const UNIX_DIRECTORY = 0o040000;
const UNIX_REGULAR = 0o100000;

/** Why an entry's name or kind is refused; undefined when it may be read. */
function refuseEntry(entry: ZipDirectoryEntry): string | undefined {
  const { name } = entry;
  if (name.length === 0) return 'empty name';
  if (name.includes('\u0000')) return 'NUL in name';
  if (/^[/\\]/.test(name)) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'absolute path (drive letter)';
  if (name.split(/[/\\]/).includes('..')) return 'path escapes the archive (..)';
  const type = entry.unixMode & UNIX_TYPE_MASK;
  if (type === UNIX_SYMLINK) return 'symbolic link';
  if (type !== 0 && type !== UNIX_REGULAR && type !== UNIX_DIRECTORY) return 'special file';
  if ((entry.flags & 1) !== 0) return 'encrypted';
  if (entry.method !== 0 && entry.method !== 8) return `unsupported compression method ${entry.method}`;
  return undefined;
}

function isDirectory(entry: ZipDirectoryEntry): boolean {
  return entry.name.endsWith('/') || (entry.unixMode & UNIX_TYPE_MASK) === UNIX_DIRECTORY;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

type Inflated = { ok: true; content: Uint8Array } | { ok: false; reason: string; produced: number };

/** Inflates raw deflate data, stopping as soon as more than `limit` bytes come out. */
function inflateCapped(data: Uint8Array, limit: number): Inflated {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced <= limit) chunks.push(chunk);
  });
  try {
    for (let at = 0; at < data.length; at += SLICE_BYTES) {
      const end = Math.min(at + SLICE_BYTES, data.length);
      inflater.push(data.subarray(at, end), end === data.length);
      if (produced > limit) return { ok: false, reason: 'over-limit', produced };
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    return { ok: false, reason: 'corrupt deflate data', produced };
  }
  return { ok: true, content: concat(chunks, produced) };
}

/**
 * Unzips an artifact in memory. Entry-level problems land in `rejected`; archive-level ones
 * (not a zip, too many entries, more than `maxTotalBytes` in all) throw ArtifactRejectedError.
 */
export function unzipArtifact(bytes: Uint8Array, caps: Partial<UnzipCaps> = {}): UnzippedArtifact {
  const { maxEntries, maxTotalBytes, maxRatio } = { ...DEFAULT_UNZIP_CAPS, ...caps };
  const entries = readZipDirectory(bytes, maxEntries);
  const result: UnzippedArtifact = { files: [], rejected: [] };
  const seen = new Set<string>();
  const readable: ZipDirectoryEntry[] = [];
  let declaredTotal = 0;
  for (const entry of entries) {
    const refusal = refuseEntry(entry);
    if (refusal !== undefined) {
      result.rejected.push({ name: entry.name, reason: refusal });
      continue;
    }
    if (isDirectory(entry)) continue;
    if (seen.has(entry.name)) {
      result.rejected.push({ name: entry.name, reason: 'duplicate name' });
      continue;
    }
    seen.add(entry.name);
    const ratioAllowance = Math.max(entry.compressedSize * maxRatio, RATIO_FLOOR_BYTES);
    if (entry.declaredSize > ratioAllowance) {
      result.rejected.push({ name: entry.name, reason: `compression ratio over ${maxRatio}:1` });
      continue;
    }
    declaredTotal += entry.declaredSize;
    readable.push(entry);
  }
  if (declaredTotal > maxTotalBytes) {
    throw new ArtifactRejectedError(`archive declares ${declaredTotal} bytes, over the ${maxTotalBytes}-byte cap`);
  }
  let total = 0;
  for (const entry of readable) {
    const range = entryDataRange(bytes, entry);
    if (range === undefined) {
      result.rejected.push({ name: entry.name, reason: 'local header missing or data out of bounds' });
      continue;
    }
    const data = bytes.subarray(range.start, range.end);
    const ratioAllowance = Math.max(entry.compressedSize * maxRatio, RATIO_FLOOR_BYTES);
    const limit = Math.min(entry.declaredSize, maxTotalBytes - total, ratioAllowance);
    let content: Uint8Array;
    if (entry.method === 0) {
      if (data.length > limit) {
        result.rejected.push({ name: entry.name, reason: 'stored data longer than its declared size' });
        continue;
      }
      content = data.slice();
    } else {
      const inflated = inflateCapped(data, limit);
      if (!inflated.ok) {
        if (inflated.reason !== 'over-limit') {
          result.rejected.push({ name: entry.name, reason: inflated.reason });
          continue;
        }
        if (total + inflated.produced > maxTotalBytes) {
          throw new ArtifactRejectedError(`archive inflates to more than the ${maxTotalBytes}-byte cap`);
        }
        result.rejected.push({ name: entry.name, reason: 'inflates beyond its declared size' });
        continue;
      }
      content = inflated.content;
    }
    total += content.length;
    result.files.push({ name: entry.name, content });
  }
  return result;
}
