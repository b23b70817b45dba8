// Hand-built hostile zip archives for the artifact tests and benchmarks: one deflated local
// entry that `copies` central-directory records all point at (each under its own name), the
// trick that turned a 0.5 MB artifact into 209 MB of reports.
import { zipSync } from 'fflate';

const EOCD_SIGNATURE = 0x06054b50;

/** A zip whose `copies` directory entries (`r000.json`, `r001.json`, …) all share one local entry holding `content`. */
export function overlappingZip(content: Uint8Array, copies: number): Uint8Array {
  const base = zipSync({ 'r000.json': content }, { level: 9, mtime: new Date('2025-01-01T00:00:00Z') });
  const view = new DataView(base.buffer, base.byteOffset, base.byteLength);
  let eocd = base.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== EOCD_SIGNATURE) eocd--;
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  const record = base.slice(directoryOffset, directoryOffset + directorySize);
  const out = new Uint8Array(directoryOffset + copies * directorySize + 22);
  out.set(base.subarray(0, directoryOffset), 0);
  for (let i = 0; i < copies; i++) {
    const copy = record.slice();
    copy.set(new TextEncoder().encode(String(i).padStart(3, '0')), 46 + 1); // the digits of r000.json
    out.set(copy, directoryOffset + i * directorySize);
  }
  const end = new DataView(out.buffer);
  const at = directoryOffset + copies * directorySize;
  out.set(base.subarray(eocd, eocd + 22), at);
  end.setUint16(at + 8, copies, true);
  end.setUint16(at + 10, copies, true);
  end.setUint32(at + 12, copies * directorySize, true);
  end.setUint32(at + 16, directoryOffset, true);
  return out;
}

/** Two entries whose directory records are listed in the reverse order of their data. */
export function outOfOrderZip(): Uint8Array {
  const base = zipSync({ 'a.json': new TextEncoder().encode('{}'), 'b.json': new TextEncoder().encode('[]') }, { level: 0, mtime: new Date('2025-01-01T00:00:00Z') });
  const view = new DataView(base.buffer, base.byteOffset, base.byteLength);
  let eocd = base.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== EOCD_SIGNATURE) eocd--;
  const directoryOffset = view.getUint32(eocd + 16, true);
  const first = 46 + view.getUint16(directoryOffset + 28, true) + view.getUint16(directoryOffset + 30, true) + view.getUint16(directoryOffset + 32, true);
  const out = base.slice();
  const records = base.slice(directoryOffset, eocd);
  out.set(records.subarray(first), directoryOffset);
  out.set(records.subarray(0, first), directoryOffset + records.length - first);
  return out;
}
