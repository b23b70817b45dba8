import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyResults, parseSarifLazily } from '../../../src/core/scan/parse-sarif-lazily.ts';
import { parseScanReport } from '../../../src/core/scan/detect-and-parse-report.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/scanners/', import.meta.url));

/** The lazily parsed document with every LazyResults turned into a plain array. */
function materialise(value: unknown): unknown {
  if (value instanceof LazyResults) return [...value];
  if (Array.isArray(value)) return value.map(materialise);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: materialise(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

describe('parseSarifLazily', () => {
  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.sarif') || f.endsWith('.json')))('reads %s as JSON.parse does', (name) => {
    const text = readFileSync(FIXTURES + name, 'utf8');
    expect(materialise(parseSarifLazily(text))).toEqual(JSON.parse(text));
  });

  it('leaves results lazy and counts them', () => {
    const doc = parseSarifLazily('{"runs":[{"results":[{"a":1}, 2 ,"x\\"]" , [3]]}, 7]}') as { runs: [{ results: LazyResults }, number] };
    expect(doc.runs[0].results).toBeInstanceOf(LazyResults);
    expect(doc.runs[0].results.length).toBe(4);
    expect([...doc.runs[0].results]).toEqual([{ a: 1 }, 2, 'x"]', [3]]);
    expect(doc.runs[1]).toBe(7);
  });

  it('keeps __proto__ as an own key, as JSON.parse does', () => {
    const doc = parseSarifLazily('{"__proto__": {"polluted": true}, "runs": []}');
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(['__proto__', 'runs']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('matches JSON.parse on arbitrary SARIF-shaped documents', () => {
    const run = fc.record({ tool: fc.jsonValue(), results: fc.array(fc.jsonValue()), extra: fc.jsonValue() }, { requiredKeys: [] });
    const doc = fc.record({ version: fc.jsonValue(), runs: fc.oneof(fc.array(fc.oneof(run, fc.jsonValue())), fc.jsonValue()), other: fc.jsonValue() }, { requiredKeys: [] });
    fc.assert(
      fc.property(doc, fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(materialise(parseSarifLazily(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    '{"runs": [}',
    '{"runs": [{"results": [1,]}]}',
    '{"runs": [] "x": 1}',
    '{"runs": []} trailing',
    '{"runs": ["unterminated]}',
    '{"runs": [{"results": [{]}]}',
    '{runs: []}',
    '[1]',
    '',
  ])('throws on malformed %j', (text) => {
    expect(() => materialise(parseSarifLazily(text))).toThrow(SyntaxError);
  });

  it('never throws anything but SyntaxError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          materialise(parseSarifLazily(`{"runs":[{"results":[${text}]}]}`));
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseScanReport on a lazily parsed SARIF', () => {
  it('reports a result that is not valid JSON as invalid JSON', () => {
    const text = '{"runs":[{"tool":{"driver":{"name":"Trivy"}},"results":[{"ruleId": tru}]}]}';
    expect(parseScanReport('f', text)).toEqual({ ok: false, name: 'f', reason: 'not valid JSON (truncated or corrupted?)' });
  });
});
