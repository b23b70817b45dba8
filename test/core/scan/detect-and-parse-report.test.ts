import { describe, expect, it } from 'vitest';
import { MAX_EAGER_JSON_CHARS, MAX_FINDINGS_PER_REPORT, parseScanReport } from '../../../src/core/scan/detect-and-parse-report.ts';
import type { ParsedReport } from '../../../src/core/scan/scan-model.ts';

function read(doc: unknown): ParsedReport {
  const report = parseScanReport('r', JSON.stringify(doc));
  if (!report.ok) throw new Error(report.reason);
  return report;
}

const trivyMessage = (pkg: string, version: string, id: string, severity: string, fixed: string): string =>
  `Package: ${pkg}\nInstalled Version: ${version}\nVulnerability ${id}\nSeverity: ${severity}\nFixed Version: ${fixed}\nLink: [${id}](https://avd.aquasec.com/nvd/${id.toLowerCase()})`;

function trivySarif(rules: unknown[], results: unknown[]): unknown {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Trivy', rules } }, results }] };
}

function scoutSarif(rules: unknown[], results: unknown[]): unknown {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'docker scout', fullName: 'Docker Scout', rules } }, results }] };
}

const scoutMessage = (id: string, severity: string, purl: string, fixed: string): string =>
  [['Vulnerability', id], ['Severity', severity], ['Package', purl], ['Affected range', '<9'], ['Fixed version', fixed]]
    .map(([k, v]) => `  ${(k ?? '').padEnd(15)} : ${v}`.padEnd(100))
    .join('\n') + '\n';

describe('parseScanReport: unreadable input', () => {
  it.each([
    ['empty string', '', 'empty file'],
    ['whitespace', ' \n\t ', 'blank file'],
    ['empty bytes', new Uint8Array(0), 'empty file'],
    ['plain text', 'hello world', 'not JSON or SARIF'],
    ['a zip', 'PK\u0003\u0004rest', 'a zip archive, not a scanner report'],
    ['HTML', '<html><body>502</body></html>', 'XML or HTML, not JSON or SARIF'],
    ['truncated JSON', '{"runs": [', 'not valid JSON (truncated or corrupted?)'],
    ['a JSON number... as an object', '{"a": 1}', 'JSON, but not a Trivy, Grype or SARIF report'],
    ['a JSON array', '[1, 2, 3]', 'JSON, but not a Trivy, Grype or SARIF report'],
    ['SARIF with no runs', '{"version": "2.1.0", "runs": []}', 'SARIF with no runs'],
    ['SARIF with runs not an array', '{"version": "2.1.0", "runs": 3}', 'SARIF without a runs array'],
    ['Trivy SchemaVersion 1', '{"SchemaVersion": 1, "Results": []}', 'Trivy JSON SchemaVersion 1, expected 2'],
  ])('%s', (_label, content, reason) => {
    expect(parseScanReport('f', content)).toEqual({ ok: false, name: 'f', reason });
  });

  it('names an unsupported SARIF tool, defanged', () => {
    const report = parseScanReport('f', JSON.stringify({ runs: [{ tool: { driver: { name: 'Snyk <b>`x`</b>' } }, results: [] }] }));
    expect(report).toEqual({ ok: false, name: 'f', reason: 'SARIF from Snyk bx/b, which freshpin does not read (Trivy, Docker Scout or Grype)' });
  });

  it('skips a byte-order mark', () => {
    expect(parseScanReport('f', '\ufeff{"SchemaVersion": 2, "Results": []}')).toMatchObject({ ok: true, findings: [] });
  });
});

describe('Trivy JSON edge cases', () => {
  it.each([
    ['no Results', { SchemaVersion: 2, ArtifactName: 'x' }],
    ['Results null', { SchemaVersion: 2, Results: null }],
    ['a clean target with no Vulnerabilities key', { SchemaVersion: 2, Results: [{ Target: 't', Class: 'os-pkgs' }] }],
    ['Vulnerabilities not an array', { SchemaVersion: 2, Results: [{ Vulnerabilities: 'x' }] }],
    ['Results not an array', { SchemaVersion: 2, Results: { a: 1 } }],
  ])('%s → no findings', (_label, doc) => {
    expect(read(doc).findings).toEqual([]);
  });

  it('ignores Secret and Misconfiguration results and skips entries missing an id or package', () => {
    const doc = {
      SchemaVersion: 2,
      Results: [
        { Target: 'app/.env', Class: 'secret', Secrets: [{ RuleID: 'aws-access-key-id', Severity: 'CRITICAL' }] },
        { Target: 'Dockerfile', Class: 'config', Misconfigurations: [{ ID: 'DS002', Severity: 'HIGH' }] },
        {
          Target: 'img (debian 12)',
          Vulnerabilities: [
            { VulnerabilityID: 'CVE-1', PkgName: 'libc6', InstalledVersion: '2.36-9', FixedVersion: '', Severity: 'HIGH' },
            { PkgName: 'no-id', Severity: 'HIGH' },
            { VulnerabilityID: 'CVE-2', Severity: 'LOW' },
            { VulnerabilityID: 'CVE-3', PkgID: 'openssl@3.0.1', Severity: 'bogus', InstalledVersion: 42 },
            'not an object',
          ],
        },
      ],
    };
    expect(read(doc).findings).toEqual([
      { id: 'CVE-1', package: 'libc6', installed: '2.36-9', severity: 'HIGH', scanner: 'trivy' },
      { id: 'CVE-3', package: 'openssl', installed: '', severity: 'UNKNOWN', scanner: 'trivy' },
    ]);
  });
});

describe('Trivy SARIF edge cases', () => {
  it('reads package, version and severity from each result of a shared rule, not from the rule', () => {
    const rule = { id: 'CVE-9', properties: { 'security-severity': '9.8', tags: ['vulnerability', 'security', 'LOW'] } };
    const doc = trivySarif(
      [rule],
      [
        { ruleId: 'CVE-9', ruleIndex: 0, level: 'error', message: { text: trivyMessage('libssl3', '3.0.1', 'CVE-9', 'HIGH', '3.0.2') } },
        { ruleId: 'CVE-9', ruleIndex: 0, level: 'error', message: { text: trivyMessage('openssl', '3.0.1', 'CVE-9', 'HIGH', '') } },
      ],
    );
    expect(read(doc).findings).toEqual([
      { id: 'CVE-9', package: 'libssl3', installed: '3.0.1', fixed: '3.0.2', severity: 'HIGH', scanner: 'trivy' },
      { id: 'CVE-9', package: 'openssl', installed: '3.0.1', severity: 'HIGH', scanner: 'trivy' },
    ]);
  });

  it('falls back to the rule tag label (never the CVSS score), then to the level', () => {
    const noSeverity = (pkg: string): string => `Package: ${pkg}\nInstalled Version: 1\nVulnerability CVE-9`;
    const doc = trivySarif(
      [{ id: 'CVE-9', properties: { 'security-severity': '9.8', tags: ['vulnerability', 'security', 'MEDIUM'] } }, { id: 'CVE-8', properties: { 'security-severity': '9.8' } }],
      [
        { ruleId: 'CVE-9', message: { text: noSeverity('a') } },
        { ruleId: 'CVE-8', level: 'error', message: { text: noSeverity('b') } },
        { ruleId: 'CVE-7', message: { text: noSeverity('c') } },
      ],
    );
    expect(read(doc).findings.map((x) => x.severity)).toEqual(['MEDIUM', 'HIGH', 'UNKNOWN']);
  });

  it('skips secret and misconfiguration results in the same file', () => {
    const doc = trivySarif(
      [],
      [
        { ruleId: 'aws-access-key-id', level: 'error', message: { text: 'Artifact: app/.env\nType: \nSecret AWS Access Key ID\nSeverity: CRITICAL\nMatch: AWS_ACCESS_KEY_ID=****' } },
        { ruleId: 'DS002', level: 'error', message: { text: 'Artifact: Dockerfile\nType: dockerfile\nVulnerability DS002\nSeverity: HIGH\nMessage: Specify at least 1 USER command' } },
        { ruleId: 'CVE-1', message: { text: trivyMessage('zlib', '1.2', 'CVE-1', 'LOW', '') } },
        { ruleId: 5, message: 'garbage' },
        null,
      ],
    );
    expect(read(doc).findings).toEqual([{ id: 'CVE-1', package: 'zlib', installed: '1.2', severity: 'LOW', scanner: 'trivy' }]);
  });

  it('skips results suppressed as accepted, keeps those under review', () => {
    const text = trivyMessage('zlib', '1.2', 'CVE-1', 'LOW', '');
    const doc = trivySarif([], [
      { ruleId: 'CVE-1', message: { text }, suppressions: [{ kind: 'external', status: 'accepted' }] },
      { ruleId: 'CVE-2', message: { text }, suppressions: [{ kind: 'external', status: 'underReview' }] },
    ]);
    expect(read(doc).findings.map((x) => x.id)).toEqual(['CVE-2']);
  });
});

describe('Docker Scout SARIF edge cases', () => {
  const purl = (name: string, version: string): string => `pkg:deb/debian/${name}@${version}?os_distro=bookworm&os_name=debian&os_version=12`;

  it('reads each result of a rule shared by two packages; decodes purl versions; maps UNSPECIFIED and "not fixed"', () => {
    const rule = { id: 'CVE-5', name: 'OsPackageVulnerability', properties: { cvssV3_severity: 'HIGH', fixed_version: '3.0.2', purls: [purl('openssl', '3.0.1')] } };
    const doc = scoutSarif(
      [rule],
      [
        { ruleId: 'CVE-5', ruleIndex: 0, kind: 'fail', level: 'error', message: { text: scoutMessage('CVE-5', 'HIGH', purl('openssl', '3.0.1-1%2Bdeb12u1'), '3.0.2') } },
        { ruleId: 'CVE-5', ruleIndex: 0, kind: 'fail', level: 'error', message: { text: scoutMessage('CVE-5', 'UNSPECIFIED', purl('glibc', '2.36-9%2Bdeb12u4'), 'not fixed') } },
      ],
    );
    expect(read(doc)).toMatchObject({
      format: 'scout-sarif',
      findings: [
        { id: 'CVE-5', package: 'openssl', installed: '3.0.1-1+deb12u1', fixed: '3.0.2', severity: 'HIGH', scanner: 'scout' },
        { id: 'CVE-5', package: 'glibc', installed: '2.36-9+deb12u4', severity: 'UNKNOWN', scanner: 'scout' },
      ],
    });
    expect(read(doc).findings[1]).not.toHaveProperty('fixed');
  });

  it('falls back to the rule (single purl, cvssV3_severity, fixed_version) when the message lacks fields', () => {
    const doc = scoutSarif(
      [{ id: 'GHSA-xxxx', properties: { cvssV3_severity: 'MODERATE', fixed_version: '1.2.4', purl: 'pkg:npm/%40scope/name@1.2.3' } }],
      [{ ruleId: 'GHSA-xxxx', message: { text: '' } }],
    );
    expect(read(doc).findings).toEqual([{ id: 'GHSA-xxxx', package: '@scope/name', installed: '1.2.3', fixed: '1.2.4', severity: 'MEDIUM', scanner: 'scout' }]);
  });

  it('skips results with neither a package line nor a rule purl', () => {
    expect(read(scoutSarif([], [{ ruleId: 'CVE-1', message: { text: '  Severity : HIGH' } }])).findings).toEqual([]);
  });
});

describe('Grype SARIF fallback', () => {
  it('reads the result message when the rule has no help text', () => {
    const doc = { runs: [{ tool: { driver: { name: 'grype', rules: [{ id: 'CVE-1-pkg' }] } }, results: [{ ruleId: 'CVE-1-pkg', message: { text: 'A high vulnerability in deb package: pkg, version 1.0 was found in image x at: /y' } }] }] };
    expect(read(doc).findings).toEqual([{ id: 'CVE-1-pkg', package: 'pkg', installed: '1.0', severity: 'HIGH', scanner: 'grype' }]);
  });
});

describe('a large report', () => {
  it('parses a few MB of Trivy SARIF quickly', () => {
    const results = Array.from({ length: 20_000 }, (_, i) => ({
      ruleId: `CVE-2024-${i % 500}`,
      ruleIndex: i % 500,
      level: 'warning',
      message: { text: trivyMessage(`lib${i}`, '1.0', `CVE-2024-${i % 500}`, 'MEDIUM', '1.1') },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'image', uriBaseId: 'ROOTPATH' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } } }],
    }));
    const text = JSON.stringify(trivySarif([], results));
    expect(text.length).toBeGreaterThan(4_000_000);
    const start = performance.now();
    const report = parseScanReport('big.sarif', new TextEncoder().encode(text));
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(report.ok && report.findings.length).toBe(20_000);
  });
});

describe('bounds on one report', () => {
  const trivy = (count: number) =>
    JSON.stringify({ SchemaVersion: 2, ArtifactName: 'x', Results: [{ Target: 't', Vulnerabilities: Array.from({ length: count }, (_, i) => ({ VulnerabilityID: `CVE-2025-${i}`, PkgName: 'p', InstalledVersion: '1', Severity: 'HIGH' })) }] });

  it(`refuses a report with more than ${MAX_FINDINGS_PER_REPORT} findings, whole (a cut report would hide findings)`, () => {
    expect(parseScanReport('big.json', trivy(MAX_FINDINGS_PER_REPORT + 1))).toEqual({ ok: false, name: 'big.json', reason: `${MAX_FINDINGS_PER_REPORT + 1} findings, more than the ${MAX_FINDINGS_PER_REPORT} freshpin reads per report` });
    expect(parseScanReport('ok.json', trivy(10)).ok).toBe(true);
  });

  it('refuses Trivy JSON over the size parsed whole, before parsing it', () => {
    const text = `{"SchemaVersion":2,"ArtifactName":"x","Results":[],"pad":"${'x'.repeat(MAX_EAGER_JSON_CHARS)}"}`;
    expect(parseScanReport('huge.json', text)).toEqual({ ok: false, name: 'huge.json', reason: 'a JSON report of 16 MB, over the 16 MB freshpin parses whole (SARIF output has no such limit)' });
  });
});
