import { describe, expect, it } from 'vitest';
import { countBySeverity, normaliseFindings } from '../../../src/core/scan/normalise-findings.ts';
import type { ScanFinding } from '../../../src/core/scan/scan-model.ts';

const f = (id: string, pkg: string, severity: ScanFinding['severity'], scanner: ScanFinding['scanner'], extra: Partial<ScanFinding> = {}): ScanFinding => ({
  id,
  package: pkg,
  installed: '1.0',
  severity,
  scanner,
  ...extra,
});

describe('normaliseFindings', () => {
  it('keeps one finding per (id, package), merging scanners, and takes the highest severity per id', () => {
    const findings = normaliseFindings([
      f('CVE-1', 'libssl3', 'MEDIUM', 'trivy'),
      f('CVE-1', 'libssl3', 'HIGH', 'grype', { fixed: '3.0.2' }),
      f('CVE-1', 'openssl', 'LOW', 'scout'),
      f('CVE-2', 'zlib', 'LOW', 'trivy'),
    ]);
    expect(findings).toEqual([
      { id: 'CVE-1', package: 'libssl3', installed: '1.0', fixed: '3.0.2', severity: 'HIGH', scanners: ['grype', 'trivy'] },
      { id: 'CVE-1', package: 'openssl', installed: '1.0', severity: 'HIGH', scanners: ['scout'] },
      { id: 'CVE-2', package: 'zlib', installed: '1.0', severity: 'LOW', scanners: ['trivy'] },
    ]);
  });

  it('fills an empty installed version from another scanner', () => {
    expect(normaliseFindings([f('CVE-1', 'p', 'LOW', 'scout', { installed: '' }), f('CVE-1', 'p', 'LOW', 'trivy', { installed: '2.0' })])[0]?.installed).toBe('2.0');
  });

  it('sorts most severe first, then by id and package', () => {
    const ids = normaliseFindings([f('B', 'x', 'LOW', 'trivy'), f('A', 'y', 'LOW', 'trivy'), f('A', 'x', 'LOW', 'trivy'), f('C', 'x', 'CRITICAL', 'trivy')]).map((x) => `${x.id}/${x.package}`);
    expect(ids).toEqual(['C/x', 'A/x', 'A/y', 'B/x']);
  });

  it('returns nothing for nothing', () => {
    expect(normaliseFindings([])).toEqual([]);
  });
});

describe('countBySeverity', () => {
  it('counts distinct ids: one CVE in four binary packages counts once', () => {
    const findings = normaliseFindings(['e2fslibs', 'e2fsprogs', 'libcomerr2', 'libss2'].map((p) => f('CVE-2019-5094', p, 'MEDIUM', 'trivy')));
    expect(findings).toHaveLength(4);
    expect(countBySeverity(findings)).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 1, LOW: 0, UNKNOWN: 0 });
  });

  it('counts an id once, at its highest severity, even from raw findings', () => {
    expect(countBySeverity([f('CVE-1', 'a', 'LOW', 'trivy'), f('CVE-1', 'b', 'CRITICAL', 'scout'), f('CVE-2', 'a', 'UNKNOWN', 'scout')])).toEqual({
      CRITICAL: 1,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
      UNKNOWN: 1,
    });
  });
});
