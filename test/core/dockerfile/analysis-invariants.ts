// Shared checks for analysis tests: every range and part an analysis reports must agree
// with the text it came from.
import { expect } from 'vitest';
import type { DockerfileAnalysis } from '../../../src/core/model.ts';
import { parseImageRef } from '../../../src/core/dockerfile/parse-image-ref.ts';
import { renderParts } from '../../../src/core/dockerfile/render-parts.ts';

/** The test's notion of a dated value: an 8-digit date starting with 20. */
export const isDated = (value: string): boolean => /(?<!\d)20\d{6}(?!\d)/.test(value);

/** Asserts that ranges point at their values and parts render the resolved references. */
export function expectConsistent(text: string, analysis: DockerfileAnalysis): void {
  for (const pin of analysis.pins) {
    expect(text.slice(pin.valueRange.start, pin.valueRange.end)).toBe(pin.value);
    expect(pin.feeds.length).toBeGreaterThan(0);
    for (const index of pin.feeds) {
      const parts = analysis.froms[index]?.parts ?? [];
      expect(parts.some((p) => p.kind === 'pin' && p.pinId === pin.id && p.value === pin.value)).toBe(true);
    }
  }
  for (const from of analysis.froms) {
    if (from.kind !== 'image') {
      expect(from.parts).toBeUndefined();
      continue;
    }
    expect(renderParts(from.parts ?? [])).toBe(from.resolved);
    if (from.digestRange !== undefined) {
      expect(text.slice(from.digestRange.start, from.digestRange.end)).toBe(parseImageRef(from.resolved ?? '')?.digest);
    }
  }
}

/** A compact, readable summary of an analysis for table-driven expectations. */
export function summarize(analysis: DockerfileAnalysis): { froms: string[]; pins: string[]; unmanaged: string[] } {
  return {
    froms: analysis.froms.map((f) => `${f.line} ${f.kind} ${f.kind === 'image' ? f.resolved : f.kind === 'unresolved' ? f.reason : f.raw}`),
    pins: analysis.pins.map((p) => `${p.id} ${p.name}=${p.value} @${p.line} -> ${p.feeds.join(',')}`),
    unmanaged: analysis.unmanaged.map((u) => `${u.line} ${u.ref}: ${u.reason}`),
  };
}
