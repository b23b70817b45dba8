// The pieces of the PR scan comment: headline, severity table, finding rows, run details.
// Every untrusted value (ids, package names, versions, file names, reasons) goes through
// escape-markdown.ts; links are built only from validated values.
import type { DiffEntry, GateResult, ScanDiff, Severity, SeverityCounts } from '../scan/scan-model.ts';
import { SEVERITIES } from '../scan/scan-model.ts';
import { escapeCell, escapeMarkdown } from './escape-markdown.ts';

/** The workflow run that produced the reports. */
export interface ScanRunInfo {
  /** The run's html_url. Only an https URL is linked. */
  url: string;
  /** The run's conclusion: success, failure, cancelled, timed_out… */
  conclusion: string;
  /** The commit the image was built from. */
  headSha: string;
  runId: number;
}

const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%/?=&+-]*)?$/;
const SHA = /^[0-9a-f]{7,64}$/i;
const CVE = /^CVE-\d{4}-\d{4,7}$/;
const GHSA = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/;

/** `[text](url)` when the URL is a plain https URL, else the text alone. `text` must already be safe. */
export function safeLink(text: string, url: string): string {
  return SAFE_URL.test(url) ? `[${text}](${url})` : text;
}

/** A vulnerability id, linked to its advisory when it is a well-formed CVE or GHSA id. */
export function renderVulnId(id: string): string {
  if (CVE.test(id)) return `[${id}](https://nvd.nist.gov/vuln/detail/${id})`;
  if (GHSA.test(id)) return `[${id}](https://github.com/advisories/${id})`;
  return escapeCell(id, { maxLength: 80 });
}

/** `1 CRITICAL, 2 HIGH` over the severities with a non-zero count; `filter` limits which are named. */
export function describeCounts(counts: Partial<SeverityCounts>, filter: readonly Severity[] = SEVERITIES): string {
  return filter
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

function countEntries(entries: readonly DiffEntry[]): SeverityCounts {
  const counts: SeverityCounts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
  for (const e of entries) counts[e.severity] += 1;
  return counts;
}

function total(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `fixes 12 vulnerabilities (1 CRITICAL, 3 HIGH)`. */
function fixesPhrase(fixed: readonly DiffEntry[]): string {
  const serious = describeCounts(countEntries(fixed), ['CRITICAL', 'HIGH']);
  return `fixes ${plural(fixed.length, 'vulnerability', 'vulnerabilities')}${serious ? ` (${serious})` : ''}`;
}

/**
 * True when no report of the run could be read (it failed, was cancelled, or its artifact is
 * missing, expired or unreadable): the comment is then only a pointer to the run, never a
 * claim that the image has no known vulnerabilities.
 */
export function isFailedRun(run: ScanRunInfo | undefined, scanners: readonly string[]): boolean {
  return run !== undefined && scanners.length === 0;
}

/** The one-line verdict at the top of the comment. */
export function renderHeadline(diff: ScanDiff, run: ScanRunInfo | undefined, scanners: readonly string[]): string {
  if (run !== undefined && isFailedRun(run, scanners)) {
    const link = safeLink(`run ${run.runId}`, run.url);
    if (run.conclusion === 'success') return `❌ The scan run succeeded but left no readable report: see ${link}.`;
    const conclusion = escapeMarkdown(run.conclusion, { maxLength: 30 }) || 'unknown';
    const icon = run.conclusion === 'cancelled' ? '⏹️' : '❌';
    return `${icon} The scan run ended ${conclusion} without a readable report: see ${link}.`;
  }
  if (!diff.hasBaseline) {
    const head = diff.head.counts;
    const found = total(head) === 0 ? 'no known vulnerabilities' : describeCounts(head);
    return `ℹ️ No baseline scan to compare with: the PR image has ${found}.`;
  }
  if (diff.introduced.length > 0) {
    const fixes = diff.fixed.length > 0 ? `; ${fixesPhrase(diff.fixed)}` : '';
    return `⚠️ introduces ${describeCounts(countEntries(diff.introduced))}${fixes}`;
  }
  if (diff.fixed.length > 0) return `✅ ${fixesPhrase(diff.fixed)}, introduces none`;
  return '✅ no change in known vulnerabilities: fixes none, introduces none';
}

/** The gate's verdict as one line. */
export function renderGateLine(gate: GateResult): string {
  const icon = gate.conclusion === 'success' ? '✅' : '❌';
  return `Gate: ${icon} **${gate.conclusion}**: ${escapeMarkdown(gate.summary, { maxLength: 300 })}`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

/** Distinct vulnerability ids per severity: PR image against base image. */
export function renderSeverityTable(diff: ScanDiff): string[] {
  const lines = ['| Severity | PR image | Base image | Change |', '| :-- | --: | --: | --: |'];
  for (const s of SEVERITIES) {
    const head = diff.head.counts[s];
    const base = diff.base?.counts[s];
    lines.push(`| ${s} | ${head} | ${base ?? '—'} | ${base === undefined ? '—' : signed(head - base)} |`);
  }
  return lines;
}

function listCell(values: readonly string[], max: number, maxLength: number): string {
  if (values.length === 0) return '—';
  const shown = values.slice(0, max).map((v) => escapeMarkdown(v, { maxLength }));
  const more = values.length > max ? ` +${values.length - max} more` : '';
  return shown.join(', ') + more;
}

export const FINDING_TABLE_HEADER = [
  '| Vulnerability | Severity | Package | Installed | Fixed in | Scanners |',
  '| :-- | :-- | :-- | :-- | :-- | :-- |',
];

/** One table row for a diff entry. */
export function renderFindingRow(entry: DiffEntry): string {
  return [
    '',
    renderVulnId(entry.id),
    entry.severity,
    listCell(entry.packages, 5, 80),
    listCell(entry.installed, 3, 60),
    entry.fixedIn.length === 0 ? 'not fixed' : listCell(entry.fixedIn, 3, 60),
    listCell(entry.scanners, 3, 20),
    '',
  ]
    .join(' | ')
    .trim();
}

/** The run details list; the gate is left out when there is none to show (a failed run). */
export function renderRunDetails(run: ScanRunInfo | undefined, scanners: readonly string[], gate: GateResult | undefined): string[] {
  const lines: string[] = [];
  if (run === undefined) {
    lines.push('- Run: local (`freshpin report`)');
  } else {
    lines.push(`- Run: ${safeLink(`workflow run ${run.runId}`, run.url)}`);
    lines.push(`- Conclusion: ${escapeMarkdown(run.conclusion, { maxLength: 30 }) || 'unknown'}`);
    lines.push(`- Scanned commit: ${SHA.test(run.headSha) ? `\`${run.headSha}\`` : 'unknown'}`);
  }
  const names = scanners.map((s) => escapeMarkdown(s, { maxLength: 30 })).filter((s) => s.length > 0);
  lines.push(`- Scanners that reported: ${names.length > 0 ? names.join(', ') : 'none'}`);
  if (gate !== undefined) lines.push(`- Gate: ${gate.conclusion}`);
  return lines;
}
