import { describe, expect, it } from 'vitest';
import { displayImageName, formatImageRef, imageKey, parseImageRef } from '../../../src/core/dockerfile/parse-image-ref.ts';

const DIGEST = `sha256:${'0f'.repeat(32)}`;

describe('parseImageRef', () => {
  it.each([
    { text: 'debian', ref: { registry: 'docker.io', repository: 'library/debian' } },
    { text: 'debian:bookworm-20250520-slim', ref: { registry: 'docker.io', repository: 'library/debian', tag: 'bookworm-20250520-slim' } },
    { text: 'hexpm/elixir:1.18.4', ref: { registry: 'docker.io', repository: 'hexpm/elixir', tag: '1.18.4' } },
    { text: 'ghcr.io/o/r:jammy-20240111', ref: { registry: 'ghcr.io', repository: 'o/r', tag: 'jammy-20240111' } },
    { text: `debian:12@${DIGEST}`, ref: { registry: 'docker.io', repository: 'library/debian', tag: '12', digest: DIGEST } },
    { text: `debian@${DIGEST}`, ref: { registry: 'docker.io', repository: 'library/debian', digest: DIGEST } },
    { text: 'localhost:5000/app:1', ref: { registry: 'localhost:5000', repository: 'app', tag: '1' } },
    { text: 'localhost/app', ref: { registry: 'localhost', repository: 'app' } },
    { text: 'index.docker.io/library/debian', ref: { registry: 'docker.io', repository: 'library/debian' } },
    { text: 'Registry.Example.com/team/app', ref: { registry: 'registry.example.com', repository: 'team/app' } },
  ])('$text', ({ text, ref }) => {
    expect(parseImageRef(text)).toEqual(ref);
  });

  it.each(['', 'Debian', 'debian:', 'debian:-x', 'debian@sha256:xyz', 'a b', 'debian::1', '/debian'])('rejects %j', (text) => {
    expect(parseImageRef(text)).toBeUndefined();
  });
});

describe('formatting', () => {
  it.each([
    { text: 'debian:12', display: 'debian', formatted: 'debian:12', key: 'docker.io/library/debian' },
    { text: 'hexpm/elixir:1.18.4', display: 'hexpm/elixir', formatted: 'hexpm/elixir:1.18.4', key: 'docker.io/hexpm/elixir' },
    { text: `ghcr.io/o/r:x@${DIGEST}`, display: 'ghcr.io/o/r', formatted: `ghcr.io/o/r:x@${DIGEST}`, key: 'ghcr.io/o/r' },
    { text: 'docker.io/library/debian', display: 'debian', formatted: 'debian', key: 'docker.io/library/debian' },
  ])('$text', ({ text, display, formatted, key }) => {
    const ref = parseImageRef(text);
    if (ref === undefined) throw new Error(`expected ${text} to parse`);
    expect(displayImageName(ref)).toBe(display);
    expect(formatImageRef(ref)).toBe(formatted);
    expect(imageKey(ref)).toBe(key);
  });
});
