import { describe, expect, it } from 'vitest';
import { renderParts } from '../../../src/core/dockerfile/render-parts.ts';
import type { RefPart } from '../../../src/core/model.ts';

const parts: RefPart[] = [
  { kind: 'text', text: 'hexpm/elixir:1.18.4-debian-' },
  { kind: 'pin', pinId: 'arg:DEBIAN_VERSION', value: 'bullseye-20250520-slim' },
  { kind: 'text', text: '@' },
  { kind: 'pin', pinId: 'arg:DIGEST', value: 'sha256:abc' },
];

const overrideCases: Array<{ name: string; overrides?: Record<string, string>; out: string }> = [
  { name: 'without overrides', out: 'hexpm/elixir:1.18.4-debian-bullseye-20250520-slim@sha256:abc' },
  { name: 'with an override', overrides: { 'arg:DEBIAN_VERSION': 'bullseye-20250601-slim' }, out: 'hexpm/elixir:1.18.4-debian-bullseye-20250601-slim@sha256:abc' },
  { name: 'with all overridden', overrides: { 'arg:DEBIAN_VERSION': 'x', 'arg:DIGEST': 'y' }, out: 'hexpm/elixir:1.18.4-debian-x@y' },
  { name: 'ignoring unknown ids', overrides: { 'arg:OTHER': 'z', toString: 'q' }, out: 'hexpm/elixir:1.18.4-debian-bullseye-20250520-slim@sha256:abc' },
];

describe('renderParts', () => {
  it.each(overrideCases)('$name', ({ overrides, out }) => {
    expect(renderParts(parts, overrides)).toBe(out);
  });

  it('renders nothing from no parts', () => {
    expect(renderParts([])).toBe('');
  });
});
