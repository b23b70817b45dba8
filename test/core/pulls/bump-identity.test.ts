// Stable names for a pin across passes: its identity survives edits elsewhere in the file,
// and its branch name is deterministic (`<prefix><file-slug>/<pin-slug>`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import { pinKey, stablePinId } from '../../../src/core/dockerfile/pin-identity.ts';
import { bumpBranchName } from '../../../src/core/pulls/bump-identity.ts';
import { parseDatedTag } from '../../../src/core/tags/parse-dated-tag.ts';

const NOW = new Date('2026-11-29T00:00:00Z');

function ids(text: string): string[] {
  const analysis = analyzeDockerfile(text, { isDated: (value) => parseDatedTag(value, NOW) !== undefined });
  return analysis.pins.map((pin) => stablePinId(analysis, pin));
}

describe('bumpBranchName', () => {
  it.each([
    ['freshpin/', 'Dockerfile', 'arg:DEBIAN_VERSION', 'freshpin/dockerfile/debian-version'],
    ['freshpin/', 'docker/worker.Dockerfile', 'from:debian', 'freshpin/docker-worker-dockerfile/debian'],
    ['freshpin/', 'services/API/Dockerfile', 'from:ghcr.io/acme/base#2', 'freshpin/services-api-dockerfile/ghcr-io-acme-base-2'],
    ['deps/', 'Containerfile', 'arg:BASE', 'deps/containerfile/base'],
    ['freshpin/', '___', 'arg:___', 'freshpin/dockerfile/pin'],
    ['freshpin/', `${'very-long-directory-name/'.repeat(4)}Dockerfile`, 'arg:X', `freshpin/${'very-long-directory-name-'.repeat(4).slice(0, 60).replace(/-+$/, '')}/x`],
  ])('%s + %s + %s → %s', (prefix, file, pin, branch) => {
    expect(bumpBranchName(prefix, file, pin)).toBe(branch);
  });

  it('is a valid, deterministic git branch name for any file and pin', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 120 }), (file, pin) => {
        const branch = bumpBranchName('freshpin/', file, pin);
        expect(branch).toBe(bumpBranchName('freshpin/', file, pin));
        expect(branch).toMatch(/^freshpin\/[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/);
      }),
    );
  });
});

describe('stablePinId', () => {
  it('names ARG pins by name and FROM pins by repository and occurrence, not by line', () => {
    const text = 'ARG D=bullseye-20250520-slim\nFROM debian:${D} AS a\nFROM node:20-bookworm-20251020 AS b\nFROM debian:bookworm-20251020-slim\n';
    expect(ids(text)).toEqual(['arg:D', 'from:node', 'from:debian']);
    const twice = 'FROM debian:bookworm-20251020-slim AS a\nFROM debian:bookworm-20251117-slim\n';
    expect(ids(twice)).toEqual(['from:debian', 'from:debian#2']);
    // Lines added above do not change the identity.
    expect(ids(`# comment\n\n${twice}`)).toEqual(ids(twice));
  });

  it('keys a pin by file and id, one key per pair', () => {
    expect(pinKey('docker/Dockerfile', 'from:debian#2')).toBe('docker/Dockerfile#from:debian#2');
  });
});
