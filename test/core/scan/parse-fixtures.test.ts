import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScanReport } from '../../../src/core/scan/detect-and-parse-report.ts';
import type { ParsedReport, ScanFinding } from '../../../src/core/scan/scan-model.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/scanners/', import.meta.url));

function fixture(name: string): Uint8Array {
  return readFileSync(FIXTURES + name);
}

function parsed(name: string): ParsedReport {
  const report = parseScanReport(name, fixture(name));
  if (!report.ok) throw new Error(`${name}: ${report.reason}`);
  return report;
}

const f = (id: string, pkg: string, installed: string, severity: ScanFinding['severity'], scanner: ScanFinding['scanner'], fixed?: string): ScanFinding =>
  fixed === undefined ? { id, package: pkg, installed, severity, scanner } : { id, package: pkg, installed, severity, scanner, fixed };

describe('scanner fixtures', () => {
  it.each([
    [
      'trivy-debian-buster.json',
      'trivy-json',
      [
        f('CVE-2019-18276', 'bash', '5.0-4', 'LOW', 'trivy'),
        f('CVE-2019-18224', 'libidn2-0', '2.0.5-1', 'CRITICAL', 'trivy', '2.0.5-1+deb10u1'),
      ],
    ],
    [
      'trivy-debian-stretch.json',
      'trivy-json',
      [
        f('CVE-2019-18276', 'bash', '4.4-5', 'LOW', 'trivy'),
        ...['e2fslibs', 'e2fsprogs', 'libcomerr2', 'libss2'].map((p) => f('CVE-2019-5094', p, '1.43.4-2', 'MEDIUM', 'trivy', '1.43.4-2+deb9u1')),
      ],
    ],
    [
      'trivy-alpine-310.sarif',
      'trivy-sarif',
      [
        f('CVE-2019-1549', 'libcrypto1.1', '1.1.1c-r0', 'MEDIUM', 'trivy', '1.1.1d-r0'),
        f('CVE-2019-1551', 'libcrypto1.1', '1.1.1c-r0', 'MEDIUM', 'trivy', '1.1.1d-r2'),
        f('CVE-2019-1549', 'libssl1.1', '1.1.1c-r0', 'MEDIUM', 'trivy', '1.1.1d-r0'),
        f('CVE-2019-1551', 'libssl1.1', '1.1.1c-r0', 'MEDIUM', 'trivy', '1.1.1d-r2'),
      ],
    ],
    ['trivy-clean.sarif', 'trivy-sarif', []],
    [
      'grype-image.json',
      'grype-json',
      [
        f('CVE-1999-0001', 'package-1', '1.1.1', 'LOW', 'grype', '1.2.1, 2.1.3, 3.4.0'),
        f('CVE-1999-0002', 'package-2', '2.2.2', 'CRITICAL', 'grype'),
      ],
    ],
    [
      'grype-image.sarif',
      'grype-sarif',
      [
        f('CVE-1999-0001', 'package-1', '1.1.1', 'LOW', 'grype', '1.2.1, 2.1.3, 3.4.0'),
        f('CVE-1999-0002', 'package-2', '2.2.2', 'CRITICAL', 'grype'),
      ],
    ],
    [
      'scout-constructed.sarif',
      'scout-sarif',
      [
        f('CVE-2024-2961', 'glibc', '2.31-13+deb11u8', 'HIGH', 'scout', '2.31-13+deb11u9'),
        f('CVE-2023-44487', 'nghttp2', '1.43.0-1', 'HIGH', 'scout', '1.43.0-1+deb11u1'),
        f('CVE-2023-44487', 'golang.org/x/net', 'v0.15.0', 'HIGH', 'scout', '0.17.0'),
        f('CVE-2023-45853', 'zlib', '1:1.2.11.dfsg-2+deb11u2', 'CRITICAL', 'scout'),
        f('CVE-2023-45133', '@babel/traverse', '7.22.5', 'CRITICAL', 'scout', '7.23.2'),
        f('CVE-2024-26458', 'krb5', '1.18.3-6+deb11u4', 'UNKNOWN', 'scout'),
        f('CVE-2011-3374', 'apt', '2.2.4', 'LOW', 'scout'),
      ],
    ],
  ])('%s → %s', (name, format, findings) => {
    const report = parsed(name);
    expect(report.format).toBe(format);
    expect(report.name).toBe(name);
    expect(report.findings).toEqual(findings);
  });

  it('reports the Trivy table text as unreadable, with a reason that says why', () => {
    const report = parseScanReport('trivy-results.sarif', fixture('trivy-table-report.txt'));
    expect(report).toEqual({ ok: false, name: 'trivy-results.sarif', reason: expect.stringContaining('Trivy table text') });
  });

  it('detects by content, not by file name', () => {
    expect(parseScanReport('report.txt', fixture('trivy-alpine-310.sarif'))).toMatchObject({ ok: true, format: 'trivy-sarif' });
    expect(parseScanReport('scan.sarif', fixture('grype-image.json'))).toMatchObject({ ok: true, format: 'grype-json' });
  });

  it('reads the same findings from a string as from bytes', () => {
    const bytes = fixture('scout-constructed.sarif');
    expect(parseScanReport('s', new TextDecoder().decode(bytes))).toEqual(parseScanReport('s', bytes));
  });
});
