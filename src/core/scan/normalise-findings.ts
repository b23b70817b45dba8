// Findings from several reports → one finding per (vulnerability id, package), each id at the
// highest severity any scanner gave it. Counting is by distinct id: one CVE in four binary
// packages stays four findings but counts once.
import type { NormalisedFinding, ScanFinding, ScannerName, Severity, SeverityCounts } from './scan-model.ts';
import { emptyCounts, maxSeverity, severityRank } from './severity.ts';

/** Most severe first, then by id, then by package. */
export function compareFindings(a: NormalisedFinding, b: NormalisedFinding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    (a.package < b.package ? -1 : a.package > b.package ? 1 : 0)
  );
}

/** The highest severity given to each id. */
function severityById(findings: readonly ScanFinding[]): Map<string, Severity> {
  const byId = new Map<string, Severity>();
  for (const f of findings) {
    const seen = byId.get(f.id);
    byId.set(f.id, seen === undefined ? f.severity : maxSeverity(seen, f.severity));
  }
  return byId;
}

/**
 * Merges findings (from any number of reports and scanners) by id + package. The first
 * installed version seen is kept; a fixed version is taken from whichever scanner has one.
 * Output is sorted by {@link compareFindings}.
 */
export function normaliseFindings(findings: readonly ScanFinding[]): NormalisedFinding[] {
  const severities = severityById(findings);
  const merged = new Map<string, NormalisedFinding>();
  for (const f of findings) {
    const key = `${f.id}\u0000${f.package}`;
    let entry = merged.get(key);
    if (entry === undefined) {
      entry = { id: f.id, package: f.package, installed: f.installed, severity: severities.get(f.id) ?? f.severity, scanners: [] };
      merged.set(key, entry);
    }
    if (entry.installed.length === 0 && f.installed.length > 0) entry.installed = f.installed;
    if (entry.fixed === undefined && f.fixed !== undefined) entry.fixed = f.fixed;
    if (!entry.scanners.includes(f.scanner)) entry.scanners.push(f.scanner);
  }
  const result = [...merged.values()];
  for (const entry of result) entry.scanners.sort();
  return result.sort(compareFindings);
}

/** Counts of distinct vulnerability ids per severity, each id once at its highest severity. */
export function countBySeverity(findings: readonly { id: string; severity: Severity }[]): SeverityCounts {
  const byId = new Map<string, Severity>();
  for (const f of findings) {
    const seen = byId.get(f.id);
    byId.set(f.id, seen === undefined ? f.severity : maxSeverity(seen, f.severity));
  }
  const counts = emptyCounts();
  for (const severity of byId.values()) counts[severity] += 1;
  return counts;
}

/** The distinct scanners in a list of findings, sorted. */
export function scannersOf(findings: readonly { scanners: readonly ScannerName[] }[]): ScannerName[] {
  const set = new Set<ScannerName>();
  for (const f of findings) for (const s of f.scanners) set.add(s);
  return [...set].sort();
}
