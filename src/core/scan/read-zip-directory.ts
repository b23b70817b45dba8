// The central directory of a zip archive, read from bytes in memory. Only what unzipping
// safely needs: names, methods, declared sizes, unix modes and where each entry's data starts.
// Declared sizes are claims, not facts: unzip-artifact.ts caps the real output.

/** Thrown when the whole archive is refused (not a zip, too big, too many entries…). */
export class ArtifactRejectedError extends Error {
  override name = 'ArtifactRejectedError';
}

export interface ZipDirectoryEntry {
  name: string;
  /** 0 = stored, 8 = deflate; anything else is refused later. */
  method: number;
  flags: number;
  compressedSize: number;
  /** As declared by the header: not trusted. */
  declaredSize: number;
  /** Unix mode from the external attributes (0 when none was recorded). */
  unixMode: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

const utf8 = new TextDecoder('utf-8');

/** Finds the end-of-central-directory record, scanning back over a possible comment. */
function findEndOfDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (u32(bytes, at) === EOCD_SIGNATURE) return at;
  }
  throw new ArtifactRejectedError('not a zip archive (no end of central directory)');
}

/**
 * Reads the central directory. Throws ArtifactRejectedError for a non-zip, a multi-disk or
 * ZIP64 archive, more than `maxEntries` entries, or a directory that runs out of the bytes.
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectoryEntry[] {
  const eocd = findEndOfDirectory(bytes);
  const disk = u16(bytes, eocd + 4);
  const directoryDisk = u16(bytes, eocd + 6);
  const count = u16(bytes, eocd + 10);
  const directorySize = u32(bytes, eocd + 12);
  const directoryOffset = u32(bytes, eocd + 16);
  if (disk !== 0 || directoryDisk !== 0) throw new ArtifactRejectedError('multi-disk zip archives are not supported');
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new ArtifactRejectedError('ZIP64 archives are not supported');
  }
  if (count > maxEntries) throw new ArtifactRejectedError(`too many entries (${count} > ${maxEntries})`);
  if (directoryOffset + directorySize > eocd) throw new ArtifactRejectedError('central directory out of bounds');
  const entries: ZipDirectoryEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > eocd || u32(bytes, at) !== CENTRAL_SIGNATURE) {
      throw new ArtifactRejectedError('corrupt central directory');
    }
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    if (at + CENTRAL_SIZE + nameLength > eocd) throw new ArtifactRejectedError('corrupt central directory');
    entries.push({
      name: utf8.decode(bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength)),
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      declaredSize: u32(bytes, at + 24),
      unixMode: u32(bytes, at + 38) >>> 16,
      localHeaderOffset: u32(bytes, at + 42),
    });
    at += CENTRAL_SIZE + nameLength + extraLength + commentLength;
  }
  checkEntryLayout(bytes, entries, directoryOffset);
  return entries;
}

/**
 * Refuses an archive whose entries are not laid out one after the other before the central
 * directory: each entry's local header and data must start at or after the end of the previous
 * entry's. Overlapping entries are how a 0.5 MB zip claims 50 copies of one large file (50
 * directory records pointing at one local entry inflated to 209 MB).
 */
function checkEntryLayout(bytes: Uint8Array, entries: readonly ZipDirectoryEntry[], directoryOffset: number): void {
  let previousEnd = 0;
  for (const entry of entries) {
    const start = entry.localHeaderOffset;
    const range = entryDataRange(bytes, entry);
    const end = range?.end ?? start + LOCAL_SIZE;
    if (start < previousEnd) throw new ArtifactRejectedError(`entries overlap or are out of order (${JSON.stringify(entry.name.slice(0, 80))} starts inside an earlier entry)`);
    if (end > directoryOffset) throw new ArtifactRejectedError(`entry ${JSON.stringify(entry.name.slice(0, 80))} runs into the central directory`);
    previousEnd = end;
  }
}

/** The [start, end) of an entry's compressed data, or undefined when the local header is missing or out of bounds. */
export function entryDataRange(bytes: Uint8Array, entry: ZipDirectoryEntry): { start: number; end: number } | undefined {
  const at = entry.localHeaderOffset;
  if (at + LOCAL_SIZE > bytes.length || u32(bytes, at) !== LOCAL_SIGNATURE) return undefined;
  const start = at + LOCAL_SIZE + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + entry.compressedSize;
  return end > bytes.length ? undefined : { start, end };
}
