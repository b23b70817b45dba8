// Trivy `--format json` (SchemaVersion 2): findings are at Results[].Vulnerabilities[].
// Secret and Misconfiguration results carry no Vulnerabilities and are ignored.
import { z } from 'zod';
import type { ScanFinding } from './scan-model.ts';
import { normaliseSeverity } from './severity.ts';
import { fixedVersion } from './read-key-values.ts';

const optionalString = z.string().optional().catch(undefined);

export const TrivyReport = z.looseObject({
  SchemaVersion: z.number().optional().catch(undefined),
  ArtifactName: optionalString,
  Results: z.array(z.unknown()).nullish().catch(undefined),
});

const TrivyResult = z.looseObject({
  Target: optionalString,
  Class: optionalString,
  Vulnerabilities: z.array(z.unknown()).nullish().catch(undefined),
});

const TrivyVulnerability = z.looseObject({
  VulnerabilityID: optionalString,
  PkgName: optionalString,
  PkgID: optionalString,
  InstalledVersion: optionalString,
  FixedVersion: optionalString,
  Severity: optionalString,
});

/**
 * True when the document looks like a Trivy JSON report: `SchemaVersion` with `Results`,
 * `ArtifactName` or `ArtifactType` (Trivy omits empty fields, so a clean report may lack `Results`).
 */
export function looksLikeTrivyJson(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const marked = 'Results' in doc || 'ArtifactName' in doc || 'ArtifactType' in doc;
  return marked && ('SchemaVersion' in doc || ('Results' in doc && 'ArtifactName' in doc));
}

/** The findings of a Trivy JSON report. Never throws: entries that don't fit are skipped. */
export function parseTrivyJson(doc: unknown): ScanFinding[] {
  const report = TrivyReport.safeParse(doc);
  if (!report.success) return [];
  const findings: ScanFinding[] = [];
  for (const rawResult of report.data.Results ?? []) {
    const result = TrivyResult.safeParse(rawResult);
    if (!result.success) continue;
    for (const rawVuln of result.data.Vulnerabilities ?? []) {
      const vuln = TrivyVulnerability.safeParse(rawVuln);
      if (!vuln.success) continue;
      const { VulnerabilityID: id, PkgName, PkgID, InstalledVersion, FixedVersion, Severity } = vuln.data;
      const pkg = PkgName ?? PkgID?.split('@')[0];
      if (id === undefined || id.length === 0 || pkg === undefined || pkg.length === 0) continue;
      const finding: ScanFinding = {
        id,
        package: pkg,
        installed: InstalledVersion ?? '',
        severity: normaliseSeverity(Severity),
        scanner: 'trivy',
      };
      const fixed = fixedVersion(FixedVersion);
      if (fixed !== undefined) finding.fixed = fixed;
      findings.push(finding);
    }
  }
  return findings;
}
