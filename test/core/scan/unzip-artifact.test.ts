import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArtifactRejectedError, DEFAULT_UNZIP_CAPS, MAX_UNZIPPED_BYTES, unzipArtifact } from '../../../src/core/scan/unzip-artifact.ts';
import { outOfOrderZip, overlappingZip } from '../../helpers/hostile-zip.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Replaces every occurrence of `from` with `to` (same length) in the archive: local and central names. */
function patchName(zip: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const out = zip.slice();
  const needle = strToU8(from);
  let patched = 0;
  for (let i = 0; i + needle.length <= out.length; i++) {
    if (needle.every((b, j) => out[i + j] === b)) {
      out.set(strToU8(to), i);
      patched += 1;
    }
  }
  expect(patched).toBe(2);
  return out;
}

function u32At(view: DataView, at: number, value: number): void {
  view.setUint32(at, value, true);
}

/** Sets the declared uncompressed size of every entry, in local and central headers. */
function patchDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) u32At(view, i + 22, size);
    if (signature === 0x02014b50) u32At(view, i + 24, size);
  }
  return out;
}

function zip(files: Zippable): Uint8Array {
  return zipSync(files, { level: 9, mtime: new Date('2025-01-01T00:00:00Z') });
}

describe('unzipArtifact: entry layout', () => {
  it('refuses 50 directory records pointing at one local entry (0.5 MB zip, 209 MB of reports)', () => {
    const report = strToU8(`{"SchemaVersion":2,"Results":[${'{"Target":"x","Vulnerabilities":[]},'.repeat(110_000)}{}]}`);
    const bomb = overlappingZip(report, 50);
    expect(bomb.length).toBeLessThan(600_000);
    expect(() => unzipArtifact(bomb)).toThrow(ArtifactRejectedError);
    expect(() => unzipArtifact(bomb)).toThrow(/entries overlap or are out of order/);
  });

  it('still reads the same entry when only one record points at it', () => {
    expect(unzipArtifact(overlappingZip(strToU8('{"a":1}'), 1)).files.map((f) => [f.name, text(f.content)])).toEqual([['r000.json', '{"a":1}']]);
  });

  it('refuses directory records out of the order of their data', () => {
    expect(() => unzipArtifact(outOfOrderZip())).toThrow(/entries overlap or are out of order/);
  });

  it('caps the total at 48 MiB by default (it was 256 MB)', () => {
    expect(MAX_UNZIPPED_BYTES).toBe(48 * 1024 * 1024);
    expect(DEFAULT_UNZIP_CAPS.maxTotalBytes).toBe(MAX_UNZIPPED_BYTES);
  });
});

describe('unzipArtifact', () => {
  it('reads a normal zip of two files (directories skipped)', () => {
    const archive = zip({ 'trivy.sarif': strToU8('{"runs":[]}'), reports: { 'scout.sarif': strToU8('x'.repeat(5000)) } });
    const result = unzipArtifact(archive);
    expect(result.rejected).toEqual([]);
    expect(result.files.map((f) => [f.name, f.content.length])).toEqual([
      ['trivy.sarif', 11],
      ['reports/scout.sarif', 5000],
    ]);
    expect(text(result.files[0]?.content ?? new Uint8Array())).toBe('{"runs":[]}');
  });

  it('reads stored (uncompressed) entries', () => {
    const archive = zipSync({ 'a.json': [strToU8('{"a":1}'), { level: 0 }] });
    expect(unzipArtifact(archive).files.map((f) => text(f.content))).toEqual(['{"a":1}']);
  });

  it.each([
    ['zip-slip', 'aa/x', '../x', 'path escapes the archive (..)'],
    ['nested zip-slip', 'a/bb/cc/y', 'a/../../y', 'path escapes the archive (..)'],
    ['backslash zip-slip', 'aa_x', '..\\x', 'path escapes the archive (..)'],
    ['absolute path', 'aetc/passwd', '/etc/passwd', 'absolute path'],
    ['drive letter', 'CCx.sarif', 'C:x.sarif', 'absolute path (drive letter)'],
  ])('refuses a %s entry (%s → %s) and keeps the good one', (_label, safe, hostile, reason) => {
    const archive = patchName(zip({ [safe]: strToU8('evil'), 'good.json': strToU8('{}') }), safe, hostile);
    const result = unzipArtifact(archive);
    expect(result.rejected).toEqual([{ name: hostile, reason }]);
    expect(result.files.map((f) => f.name)).toEqual(['good.json']);
  });

  it('refuses a symlink entry (unix mode in the external attributes)', () => {
    const archive = zipSync({ link: [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }], 'ok.json': [strToU8('{}'), { os: 3, attrs: (0o100644 << 16) >>> 0 }] });
    const result = unzipArtifact(archive);
    expect(result.rejected).toEqual([{ name: 'link', reason: 'symbolic link' }]);
    expect(result.files.map((f) => f.name)).toEqual(['ok.json']);
  });

  it('refuses a zip bomb by its compression ratio, without inflating it', () => {
    const archive = zip({ 'bomb.json': new Uint8Array(2 * 1024 * 1024) });
    expect(archive.length).toBeLessThan(10_000);
    const result = unzipArtifact(archive);
    expect(result.files).toEqual([]);
    expect(result.rejected).toEqual([{ name: 'bomb.json', reason: 'compression ratio over 200:1' }]);
  });

  it('refuses an archive whose declared total is over the cap', () => {
    const archive = zip({ 'a.json': strToU8('a'.repeat(3000)), 'b.json': strToU8('b'.repeat(3000)) });
    expect(() => unzipArtifact(archive, { maxTotalBytes: 5000 })).toThrow(ArtifactRejectedError);
  });

  it('does not trust a lying size header: inflation stops near the declared size', () => {
    const archive = patchDeclaredSize(zip({ 'liar.json': new Uint8Array(2 * 1024 * 1024), 'ok.json': strToU8('{}') }), 2);
    const result = unzipArtifact(archive);
    expect(result.rejected).toEqual([{ name: 'liar.json', reason: 'inflates beyond its declared size' }]);
    expect(result.files.map((f) => [f.name, text(f.content)])).toEqual([['ok.json', '{}']]);
  });

  it('a lying header cannot get past the total cap either', () => {
    const archive = patchDeclaredSize(zip({ 'liar.json': new Uint8Array(2 * 1024 * 1024) }), 400);
    expect(() => unzipArtifact(archive, { maxTotalBytes: 500 })).toThrow(new ArtifactRejectedError('archive inflates to more than the 500-byte cap'));
  });

  it('refuses too many entries', () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.json`, strToU8('{}')]));
    expect(() => unzipArtifact(zip(files), { maxEntries: 5 })).toThrow(new ArtifactRejectedError('too many entries (6 > 5)'));
    expect(unzipArtifact(zip(files), { maxEntries: 6 }).files).toHaveLength(6);
  });

  it('refuses what is not a zip', () => {
    expect(() => unzipArtifact(strToU8('{"runs": []}'))).toThrow(ArtifactRejectedError);
    expect(() => unzipArtifact(new Uint8Array(0))).toThrow(ArtifactRejectedError);
  });

  it('rejects an entry with corrupt deflate data', () => {
    const archive = zip({ 'a.json': strToU8('hello hello hello hello hello') });
    const corrupt = archive.slice();
    // The data starts after the 30-byte local header and the 6-byte name.
    corrupt[36] = 0xff;
    corrupt[37] = 0xff;
    const result = unzipArtifact(corrupt);
    expect(result.files).toEqual([]);
    expect(result.rejected).toEqual([{ name: 'a.json', reason: expect.stringMatching(/corrupt|declared size/) }]);
  });

  it('never throws anything but ArtifactRejectedError on mutated archives', () => {
    const archive = zip({ 'a.json': strToU8('{"a": "'.concat('x'.repeat(300), '"}')), 'b/c.sarif': strToU8('{}') });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(archive.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const mutated = archive.slice();
        for (const [at, value] of edits) mutated[at] = value;
        try {
          const result = unzipArtifact(mutated);
          expect(result.files.length + result.rejected.length).toBeLessThanOrEqual(3);
        } catch (error) {
          expect(error).toBeInstanceOf(ArtifactRejectedError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
