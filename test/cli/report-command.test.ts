import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/cli/report-command.ts';
import { overlappingZip } from '../helpers/hostile-zip.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/scanners/', import.meta.url));

async function run(argv: string[], cwd = FIXTURES): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReport(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'freshpin-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('freshpin report', () => {
  it('renders the comment for head against base', async () => {
    const { code, stdout, stderr } = await run(['--head', 'trivy-debian-buster.json', '--base', 'trivy-debian-stretch.json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('**⚠️ introduces 1 CRITICAL; fixes 1 vulnerability**');
    expect(stdout).toContain('- Run: local (`freshpin report`)');
    expect(stdout).toContain('<!-- freshpin:scan ');
  });

  it('prints the JSON summary with the documented shape', async () => {
    const { code, stdout } = await run(['--head', 'trivy-debian-buster.json', 'scout-constructed.sarif', '--base', 'trivy-debian-stretch.json', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['head', 'base', 'introduced', 'fixed']);
    expect(Object.keys(json.head)).toEqual(['counts', 'findings']);
    expect(json.head.counts).toEqual({ CRITICAL: 3, HIGH: 2, MEDIUM: 0, LOW: 2, UNKNOWN: 1 });
    expect(json.base).toEqual({ counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 1, LOW: 1, UNKNOWN: 0 } });
    expect(json.head.findings[0]).toEqual({ id: 'CVE-2019-18224', package: 'libidn2-0', installed: '2.0.5-1', fixed: '2.0.5-1+deb10u1', severity: 'CRITICAL', scanners: ['trivy'] });
    expect(json.introduced[0]).toEqual({ id: 'CVE-2019-18224', severity: 'CRITICAL', packages: ['libidn2-0'] });
    expect(json.introduced.find((e: { id: string }) => e.id === 'CVE-2023-44487')).toEqual({ id: 'CVE-2023-44487', severity: 'HIGH', packages: ['golang.org/x/net', 'nghttp2'] });
    expect(json.fixed).toEqual([{ id: 'CVE-2019-5094', severity: 'MEDIUM', packages: ['e2fslibs', 'e2fsprogs', 'libcomerr2', 'libss2'] }]);
  });

  it('leaves out base without --base', async () => {
    const json = JSON.parse((await run(['--head', 'trivy-alpine-310.sarif', '--json'])).stdout);
    expect(json).toEqual({ head: expect.objectContaining({ counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 2, LOW: 0, UNKNOWN: 0 } }), introduced: [], fixed: [] });
  });

  it.each([
    [['--head', 'grype-image.json', '--head', 'grype-image.sarif', '--json']],
    [['--head', 'grype-image.json', 'grype-image.sarif', '--json']],
    [['--head=grype-image.json', 'grype-image.sarif', '--json']],
  ])('accepts %j', async (argv) => {
    const { code, stdout } = await run(argv);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).head.findings.map((f: { id: string; scanners: string[] }) => [f.id, f.scanners])).toEqual([
      ['CVE-1999-0002', ['grype']],
      ['CVE-1999-0001', ['grype']],
    ]);
  });

  it('renders the comment naming a file that holds no readable report (Trivy table text) when another is readable', async () => {
    const { code, stdout, stderr } = await run(['--head', 'trivy-debian-buster.json', 'trivy-table-report.txt']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('trivy-table-report.txt');
    expect(stdout).toContain('<!-- freshpin:scan ');
    const json = await run(['--head', 'trivy-debian-buster.json', 'trivy-table-report.txt', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).unreadable).toEqual([{ file: 'trivy-table-report.txt', reason: expect.stringContaining('Trivy table text') }]);
  });

  it('treats a base without a readable report as no baseline', async () => {
    const { code, stdout } = await run(['--head', 'trivy-debian-buster.json', '--base', 'trivy-table-report.txt', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).base).toBeUndefined();
  });

  it('reads a zip artifact holding reports', async () => {
    const archive = zipSync({ 'trivy.sarif': readFileSync(join(FIXTURES, 'trivy-alpine-310.sarif')), 'scout.sarif': readFileSync(join(FIXTURES, 'scout-constructed.sarif')) });
    writeFileSync(join(tmp, 'artifact.zip'), archive);
    const { code, stdout } = await run(['--head', 'artifact.zip', '--json'], tmp);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).head.counts).toEqual({ CRITICAL: 2, HIGH: 2, MEDIUM: 2, LOW: 1, UNKNOWN: 1 });
  });

  it('refuses an artifact whose directory records overlap (50 records, one local entry), reading none of it', async () => {
    const report = new TextEncoder().encode(readFileSync(join(FIXTURES, 'trivy-alpine-310.sarif'), 'utf8'));
    writeFileSync(join(tmp, 'overlap.zip'), overlappingZip(report, 50));
    const { code, stdout, stderr } = await run(['--head', 'overlap.zip', '--json'], tmp);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^freshpin report: overlap\.zip: entries overlap or are out of order/);
  });

  it.each([
    [['--head', 'trivy-table-report.txt'], 'freshpin report: trivy-table-report.txt: Trivy table text, not JSON or SARIF (set the scanner output format to json or sarif)\n'],
    [['--head', 'trivy-clean.sarif', '--base', 'missing.json'], 'freshpin report: missing.json: cannot read the file (ENOENT)\n'],
    [['--head', 'README.md', 'trivy-table-report.txt'], 'freshpin report: README.md: not JSON or SARIF (and 1 more)\n'],
    [[], 'freshpin report: --head needs at least one file; usage: freshpin report --head FILE… [--base FILE…] [--json]\n'],
    [['trivy-clean.sarif'], 'freshpin report: unexpected argument "trivy-clean.sarif"; usage: freshpin report --head FILE… [--base FILE…] [--json]\n'],
    [['--head', 'trivy-clean.sarif', '--nope'], "freshpin report: Unknown option '--nope'; usage: freshpin report --head FILE… [--base FILE…] [--json]\n"],
    [['--head'], "freshpin report: Option '--head <value>' argument missing; usage: freshpin report --head FILE… [--base FILE…] [--json]\n"],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
