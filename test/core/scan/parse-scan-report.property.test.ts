import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScanReport } from '../../../src/core/scan/detect-and-parse-report.ts';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

function checkBounded(content: string | Uint8Array): void {
  const report = parseScanReport('x', content);
  const size = typeof content === 'string' ? content.length : content.length;
  if (report.ok) {
    expect(report.findings.length).toBeLessThanOrEqual(size);
    for (const f of report.findings) {
      expect(typeof f.id).toBe('string');
      expect(typeof f.package).toBe('string');
      expect(typeof f.installed).toBe('string');
      expect(SEVERITIES).toContain(f.severity);
    }
  } else {
    expect(report.reason.length).toBeGreaterThan(0);
    expect(report.reason.length).toBeLessThan(200);
  }
}

// Shapes near the real formats, so that the parsers' inner paths are reached, not only detection.
const fieldValue = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.json());
const sarifLike = fc.record({
  version: fc.constant('2.1.0'),
  runs: fc.array(
    fc.record({
      tool: fc.record({ driver: fc.record({ name: fc.constantFrom('Trivy', 'docker scout', 'grype', 'other'), rules: fc.array(fc.dictionary(fc.constantFrom('id', 'properties', 'help'), fieldValue)) }) }),
      results: fc.array(
        fc.record({
          ruleId: fieldValue,
          ruleIndex: fc.oneof(fc.nat(5), fc.integer(), fc.string()),
          message: fc.oneof(fc.record({ text: fc.oneof(fc.string(), fc.constantFrom('Package: p\nInstalled Version: 1\nSeverity: HIGH', '  Package : pkg:deb/d/x@1%2 \n  Vulnerability : CVE-1')) }), fieldValue),
          suppressions: fc.oneof(fc.array(fieldValue), fieldValue),
        }),
      ),
    }),
  ),
});
const trivyLike = fc.record({
  SchemaVersion: fc.oneof(fc.constant(2), fieldValue),
  Results: fc.oneof(fc.array(fc.record({ Vulnerabilities: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('VulnerabilityID', 'PkgName', 'Severity', 'FixedVersion', 'InstalledVersion'), fieldValue)), fieldValue) })), fieldValue),
});
const grypeLike = fc.record({
  descriptor: fc.constant({ name: 'grype' }),
  matches: fc.array(fc.record({ vulnerability: fc.oneof(fc.record({ id: fieldValue, severity: fieldValue, fix: fieldValue }), fieldValue), artifact: fc.oneof(fc.record({ name: fieldValue, version: fieldValue }), fieldValue) })),
});

describe('parseScanReport never throws and stays bounded', () => {
  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.json(), (json) => checkBounded(json)), { numRuns: 300 });
  });

  it('on arbitrary values serialised', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          text = undefined;
        }
        checkBounded(text ?? String(typeof value));
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary text and bytes', () => {
    fc.assert(fc.property(fc.string(), (text) => checkBounded(text)), { numRuns: 200 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => checkBounded(bytes)), { numRuns: 200 });
  });

  it('on report-shaped JSON with hostile field types', () => {
    fc.assert(fc.property(fc.oneof(sarifLike, trivyLike, grypeLike), (doc) => checkBounded(JSON.stringify(doc))), { numRuns: 300 });
  });
});
