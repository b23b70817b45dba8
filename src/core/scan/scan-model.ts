// Value types of the scan pipeline: scanner reports → findings → diff → gate.

/** Severity labels, most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ScannerName = 'trivy' | 'scout' | 'grype';

export type ReportFormat = 'trivy-json' | 'trivy-sarif' | 'scout-sarif' | 'grype-json' | 'grype-sarif';

/** One vulnerability in one package, as one scanner reported it. */
export interface ScanFinding {
  /** CVE / GHSA / other advisory id, e.g. `CVE-2019-1549`. */
  id: string;
  /** Package name as the scanner names it (Trivy: binary package, Scout: source package). */
  package: string;
  installed: string;
  /** The fixed version, when the scanner knows one. */
  fixed?: string;
  severity: Severity;
  scanner: ScannerName;
}

/** A report that was recognised and read. */
export interface ParsedReport {
  ok: true;
  /** Display name only (e.g. the file name); never used to detect the format. */
  name: string;
  format: ReportFormat;
  scanner: ScannerName;
  findings: ScanFinding[];
}

/** A report that could not be read, with a short reason fit to show. */
export interface UnreadableReport {
  ok: false;
  name: string;
  reason: string;
}

/** A finding after merging several reports: one per (id, package). */
export interface NormalisedFinding {
  id: string;
  package: string;
  installed: string;
  fixed?: string;
  /** The highest severity any scanner gave this id. */
  severity: Severity;
  /** Scanners that reported this (id, package), sorted. */
  scanners: ScannerName[];
}

/** Number of distinct vulnerability ids per severity. */
export type SeverityCounts = Record<Severity, number>;

/** One vulnerability id that appears on one side of a diff only. */
export interface DiffEntry {
  id: string;
  severity: Severity;
  /** Sorted distinct package names carrying the id on that side. */
  packages: string[];
  /** Sorted distinct installed versions on that side. */
  installed: string[];
  /** Sorted distinct fixed versions on that side. */
  fixedIn: string[];
  scanners: ScannerName[];
}

/** The PR image (head) against the base image, compared by vulnerability id. */
export interface ScanDiff {
  head: { counts: SeverityCounts; findings: NormalisedFinding[] };
  base?: { counts: SeverityCounts; findings: NormalisedFinding[] };
  /** False when there was no base scan: introduced and fixed are then empty. */
  hasBaseline: boolean;
  /** Ids in head but not in base, most severe first. */
  introduced: DiffEntry[];
  /** Ids in base but not in head, most severe first. */
  fixed: DiffEntry[];
}

/** The lowest severity that fails the gate; `none` never fails. UNKNOWN ranks below LOW. */
export type FailOn = Exclude<Severity, 'UNKNOWN'> | 'none';

export interface GateResult {
  conclusion: 'success' | 'failure';
  /** One sentence, plain text. */
  summary: string;
}
