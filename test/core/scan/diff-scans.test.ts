import { describe, expect, it } from 'vitest';
import { diffScans } from '../../../src/core/scan/diff-scans.ts';
import { normaliseFindings } from '../../../src/core/scan/normalise-findings.ts';
import type { ScanFinding } from '../../../src/core/scan/scan-model.ts';

const f = (id: string, pkg: string, severity: ScanFinding['severity'], scanner: ScanFinding['scanner'], installed = '1.0', fixed?: string): ScanFinding =>
  fixed === undefined ? { id, package: pkg, installed, severity, scanner } : { id, package: pkg, installed, severity, scanner, fixed };

describe('diffScans', () => {
  it('compares by id: Scout source names against Trivy binary names are not "new"', () => {
    const base = normaliseFindings([f('CVE-1', 'libssl3', 'HIGH', 'trivy'), f('CVE-2', 'libc6', 'LOW', 'trivy'), f('CVE-3', 'zlib1g', 'MEDIUM', 'trivy')]);
    const head = normaliseFindings([f('CVE-1', 'openssl', 'HIGH', 'scout'), f('CVE-2', 'glibc', 'LOW', 'scout'), f('CVE-4', 'curl', 'CRITICAL', 'scout', '8.0', '8.1'), f('CVE-4', 'libcurl4', 'CRITICAL', 'trivy', '8.0')]);
    const diff = diffScans(head, base);
    expect(diff.hasBaseline).toBe(true);
    expect(diff.introduced).toEqual([{ id: 'CVE-4', severity: 'CRITICAL', packages: ['curl', 'libcurl4'], installed: ['8.0'], fixedIn: ['8.1'], scanners: ['scout', 'trivy'] }]);
    expect(diff.fixed).toEqual([{ id: 'CVE-3', severity: 'MEDIUM', packages: ['zlib1g'], installed: ['1.0'], fixedIn: [], scanners: ['trivy'] }]);
    expect(diff.head.counts).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 1, UNKNOWN: 0 });
    expect(diff.base?.counts).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0 });
  });

  it('without a base: flags no baseline, introduces and fixes nothing', () => {
    const diff = diffScans(normaliseFindings([f('CVE-1', 'a', 'CRITICAL', 'trivy')]));
    expect(diff).toMatchObject({ hasBaseline: false, introduced: [], fixed: [] });
    expect(diff.base).toBeUndefined();
    expect(diff.head.counts.CRITICAL).toBe(1);
  });

  it('an empty base is a baseline: everything in head is introduced', () => {
    const diff = diffScans(normaliseFindings([f('CVE-1', 'a', 'LOW', 'trivy')]), []);
    expect(diff.hasBaseline).toBe(true);
    expect(diff.introduced.map((e) => e.id)).toEqual(['CVE-1']);
  });

  it('orders entries most severe first, then by id', () => {
    const head = normaliseFindings([f('CVE-b', 'a', 'LOW', 'trivy'), f('CVE-a', 'a', 'LOW', 'trivy'), f('CVE-c', 'a', 'HIGH', 'trivy')]);
    expect(diffScans(head, []).introduced.map((e) => e.id)).toEqual(['CVE-c', 'CVE-a', 'CVE-b']);
  });
});
