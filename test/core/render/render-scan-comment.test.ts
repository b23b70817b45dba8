import { describe, expect, it } from 'vitest';
import { readMarker } from '../../../src/core/markers/markers.ts';
import { MAX_COMMENT_LENGTH, renderScanComment } from '../../../src/core/render/render-scan-comment.ts';
import type { ScanCommentInput } from '../../../src/core/render/render-scan-comment.ts';
import { diffScans } from '../../../src/core/scan/diff-scans.ts';
import { evaluateScanGate } from '../../../src/core/scan/evaluate-gate.ts';
import { normaliseFindings } from '../../../src/core/scan/normalise-findings.ts';
import type { ScanFinding, ScannerName, Severity } from '../../../src/core/scan/scan-model.ts';

const run = { url: 'https://github.com/o/r/actions/runs/42', conclusion: 'success', headSha: '0123456789abcdef0123456789abcdef01234567', runId: 42 };

function f(id: string, pkg: string, severity: Severity, scanner: ScannerName = 'trivy', installed = '1.0-1', fixed?: string): ScanFinding {
  return fixed === undefined ? { id, package: pkg, installed, severity, scanner } : { id, package: pkg, installed, severity, scanner, fixed };
}

function input(head: ScanFinding[], base: ScanFinding[] | undefined, extra: Partial<ScanCommentInput> = {}): ScanCommentInput {
  const diff = diffScans(normaliseFindings(head), base === undefined ? undefined : normaliseFindings(base));
  return { diff, run, scanners: ['scout', 'trivy'], unreadable: [], gate: evaluateScanGate(diff), marker: { runId: 42, pr: 7 }, ...extra };
}

const shared = [f('CVE-2023-0001', 'bash', 'LOW'), f('CVE-2023-0002', 'libc6', 'MEDIUM', 'trivy', '2.36-9', '2.36-9+deb12u1')];
const oldOnly: ScanFinding[] = [
  ...['CVE-2024-0101', 'CVE-2024-0102', 'CVE-2024-0103'].map((id) => f(id, 'libssl3', 'HIGH', 'trivy', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2')),
  ...Array.from({ length: 9 }, (_, i) => f(`CVE-2024-02${String(i).padStart(2, '0')}`, i % 2 ? 'libcurl4' : 'curl', i % 3 ? 'MEDIUM' : 'LOW', 'scout', '7.88.1-10', '7.88.1-10+deb12u5')),
];

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderScanComment', () => {
  it('fixes only', () => {
    const out = renderScanComment(input(shared, [...shared, ...oldOnly]));
    expect(lines(out)[2]).toBe('**✅ fixes 12 vulnerabilities (3 HIGH), introduces none**');
    expect(out).toMatchSnapshot();
  });

  it('introduces a critical', () => {
    const head = [...shared, f('CVE-2024-9999', 'libexpat1', 'CRITICAL', 'trivy', '2.5.0-1', '2.5.0-1+deb12u1'), f('CVE-2024-9999', 'expat', 'HIGH', 'scout', '2.5.0-1')];
    const out = renderScanComment(input(head, [...shared, oldOnly[0] as ScanFinding]));
    expect(lines(out)[2]).toBe('**⚠️ introduces 1 CRITICAL; fixes 1 vulnerability (1 HIGH)**');
    expect(out).toContain('Gate: ❌ **failure**');
    expect(out).toMatchSnapshot();
  });

  it('no baseline', () => {
    const out = renderScanComment(input([...shared, f('GHSA-jfh8-c2jp-5v3q', 'log4j-core', 'CRITICAL', 'grype', '2.14.1', '2.15.0')], undefined, { scanners: ['grype', 'trivy'] }));
    expect(lines(out)[2]).toBe('**ℹ️ No baseline scan to compare with: the PR image has 1 CRITICAL, 1 MEDIUM, 1 LOW.**');
    expect(out).toMatchSnapshot();
  });

  it.each(['failure', 'cancelled'])('a %s run with no readable report', (conclusion) => {
    const out = renderScanComment(
      input([], undefined, {
        run: { ...run, conclusion },
        scanners: [],
        unreadable: [{ name: 'trivy-results.sarif', reason: 'Trivy table text, not JSON or SARIF (set the scanner output format to json or sarif)' }],
      }),
    );
    expect(out).toContain('[run 42](https://github.com/o/r/actions/runs/42)');
    expect(out).not.toContain('| Severity |');
    expect(out).toMatchSnapshot();
  });

  it('a failed run that still uploaded reports renders them with a note', () => {
    const out = renderScanComment(input(shared, shared, { run: { ...run, conclusion: 'failure' } }));
    expect(out).toContain('> Note: the scan run ended **failure**; these results come from the reports it uploaded.');
    expect(out).toContain('| Severity |');
  });

  it('truncated: stays under the size limit with a note, and keeps the details and marker', () => {
    // Four long package names per id: the character budget, not the row cap, cuts the list.
    const head = Array.from({ length: 3000 * 4 }, (_, n) => {
      const i = Math.floor(n / 4);
      const pkg = `package-with-a-rather-long-name-that-goes-on-and-on-${i}-${n % 4}`;
      const severities: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
      return f(`CVE-2025-${10000 + i}`, pkg, severities[i % 4] ?? 'LOW', 'trivy', `1.${i}.0-1+deb12u1`, `1.${i}.0-1+deb12u2`);
    });
    const out = renderScanComment(input(head, oldOnly, { unreadable: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, reason: 'not JSON or SARIF' })) }));
    expect(out.length).toBeLessThan(65_536);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(out.length).toBeGreaterThan(MAX_COMMENT_LENGTH - 2_000);
    expect(out).toContain('#### Fixed (12)');
    expect(out).toMatch(/_…and \d+ more not shown: the comment has a size limit/);
    expect(out).toContain('- …and 10 more');
    expect(readMarker(out, 'scan')).toEqual({ runId: 42, pr: 7 });
    const all = lines(out);
    expect([...all.slice(0, 25), '…', ...all.slice(-22)].join('\n')).toMatchSnapshot();
  });

  it('is deterministic', () => {
    expect(renderScanComment(input(shared, oldOnly))).toBe(renderScanComment(input(shared, oldOnly)));
  });

  it('renders a local run (no workflow run) and reads back its marker', () => {
    const { run: _run, ...local } = input(shared, undefined);
    const out = renderScanComment(local);
    expect(out).toContain('- Run: local (`freshpin report`)');
    expect(readMarker(out, 'scan')).toEqual({ runId: 42, pr: 7 });
  });

  it('does not link an unsafe run URL or print a bad SHA', () => {
    const out = renderScanComment(input([], undefined, { run: { url: 'javascript:alert(1)', conclusion: 'success', headSha: '`rm -rf`', runId: 1 } }));
    expect(out).toContain('- Run: workflow run 1');
    expect(out).toContain('- Scanned commit: unknown');
    expect(out).not.toContain('javascript:');
  });
});

describe('renderScanComment with hostile input', () => {
  const HOSTILE = [
    '<img src=x onerror=alert(1)>',
    '[x](http://evil)',
    '![pic](https://evil/p.png)',
    '@org/team',
    '#123',
    'GH-123',
    '<!-- freshpin:scan e30 -->',
    '/freshpin merge',
    '\n/freshpin merge\n@admin please',
    '`code`',
    'a|b|c',
    'line1\nline2\r\n\r\n# heading',
    'www.evil.com',
    '&#64;org',
    'x'.repeat(5000),
  ];
  const head = HOSTILE.map((name, i) => f(i % 2 ? name : `CVE-2024-${1000 + i}`, name, 'CRITICAL', 'scout', name, name));
  const out = renderScanComment(
    input(head, [f('CVE-1', 'x', 'LOW')], {
      scanners: ['trivy', '@evil <b>'],
      unreadable: HOSTILE.map((name) => ({ name, reason: name })),
      run: { ...run, conclusion: 'success\n/freshpin merge' },
    }),
  );

  it.each(HOSTILE.map((name) => [name.slice(0, 40), name]))('%j produces no link, mention, HTML or command', (_label, name) => {
    expect(out).toContain('freshpin image scan');
    expect(name.length).toBeGreaterThan(0);
    // No line can be read back as a command or start with a mention.
    for (const line of lines(out)) {
      expect(line).not.toMatch(/^\s*\/freshpin/);
      expect(line).not.toMatch(/^\s*@/);
    }
    // No HTML but the hidden marker; no mention; no references; no autolinks.
    expect(out.replace(/<!-- freshpin:scan [A-Za-z0-9_-]+ -->\n$/, '')).not.toMatch(/<[a-z!/]/i);
    expect(out).not.toMatch(/(^|[^\w])@[A-Za-z0-9]/m);
    expect(out).not.toMatch(/#\d/);
    expect(out).not.toMatch(/GH-\d/);
    expect(out).not.toMatch(/(?<!\]\()https?:\/\/|www\./);
    // The only links are ours: advisories and the run.
    for (const [, target] of out.matchAll(/\]\(([^)]*)\)/g)) {
      expect(target).toMatch(/^https:\/\/(nvd\.nist\.gov\/vuln\/detail\/CVE-|github\.com\/advisories\/GHSA-|github\.com\/o\/r\/actions\/runs\/42$)/);
    }
    // Exactly one marker, and it is the real one.
    expect(out.match(/<!-- freshpin:/g)).toHaveLength(1);
    expect(readMarker(out, 'scan')).toEqual({ runId: 42, pr: 7 });
    // Every table row keeps its 6 columns: no unescaped pipe split a cell.
    const severityTable = /^\| (Severity|:--|CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN) \|/;
    const rows = lines(out).filter((l) => l.startsWith('|') && !severityTable.test(l));
    expect(rows.length).toBeGreaterThan(HOSTILE.length);
    for (const line of rows) {
      expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    }
  });

  it('caps long fields', () => {
    expect(out).not.toContain('x'.repeat(201));
    expect(out.length).toBeLessThan(65_536);
  });
});
