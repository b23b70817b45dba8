// Severity labels: normalising what scanners write, and ordering them.
import { SEVERITIES } from './scan-model.ts';
import type { Severity, SeverityCounts } from './scan-model.ts';

const ALIASES: ReadonlyMap<string, Severity> = new Map([
  ['CRITICAL', 'CRITICAL'],
  ['HIGH', 'HIGH'],
  ['MEDIUM', 'MEDIUM'],
  ['MODERATE', 'MEDIUM'],
  ['LOW', 'LOW'],
  ['NEGLIGIBLE', 'LOW'],
  ['UNKNOWN', 'UNKNOWN'],
  ['UNSPECIFIED', 'UNKNOWN'],
  ['NONE', 'UNKNOWN'],
]);

function lookup(label: unknown): Severity | undefined {
  if (typeof label !== 'string') return undefined;
  // Fast path: scanners mostly write the label exactly (`MEDIUM`).
  return ALIASES.get(label) ?? ALIASES.get(label.trim().toUpperCase());
}

/** Maps a scanner's label (any case: `Critical`, `UNSPECIFIED`, `Negligible`) to a Severity; UNKNOWN otherwise. */
export function normaliseSeverity(label: unknown): Severity {
  return lookup(label) ?? 'UNKNOWN';
}

/** True when the text is a recognised severity label (not a CVSS score). */
export function isSeverityLabel(label: unknown): boolean {
  return lookup(label) !== undefined;
}

/** 4 for CRITICAL down to 0 for UNKNOWN. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** The more severe of two. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** All-zero counts. */
export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}
