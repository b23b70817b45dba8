// Grype `-o json`: findings are at matches[], each with `vulnerability` and `artifact`.
import { z } from 'zod';
import type { ScanFinding } from './scan-model.ts';
import { normaliseSeverity } from './severity.ts';
import { fixedVersion } from './read-key-values.ts';

const optionalString = z.string().optional().catch(undefined);

const GrypeReport = z.looseObject({ matches: z.array(z.unknown()).nullish().catch(undefined) });

const GrypeMatch = z.looseObject({
  vulnerability: z.looseObject({
    id: z.string(),
    severity: optionalString,
    fix: z
      .looseObject({ versions: z.array(z.string().catch('')).optional().catch(undefined), state: optionalString })
      .optional()
      .catch(undefined),
  }),
  artifact: z.looseObject({ name: z.string(), version: optionalString }),
});

/** True when the document looks like Grype JSON: a `matches` array with a grype descriptor or a source. */
export function looksLikeGrypeJson(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  if (!('matches' in doc) || !Array.isArray(doc.matches)) return false;
  const descriptor = 'descriptor' in doc ? doc.descriptor : undefined;
  const name = typeof descriptor === 'object' && descriptor !== null && 'name' in descriptor ? descriptor.name : undefined;
  return (typeof name === 'string' && name.toLowerCase().includes('grype')) || 'source' in doc;
}

/** The findings of a Grype JSON report. Never throws. */
export function parseGrypeJson(doc: unknown): ScanFinding[] {
  const report = GrypeReport.safeParse(doc);
  if (!report.success) return [];
  const findings: ScanFinding[] = [];
  for (const raw of report.data.matches ?? []) {
    const match = GrypeMatch.safeParse(raw);
    if (!match.success) continue;
    const { vulnerability, artifact } = match.data;
    if (vulnerability.id.length === 0 || artifact.name.length === 0) continue;
    const finding: ScanFinding = {
      id: vulnerability.id,
      package: artifact.name,
      installed: artifact.version ?? '',
      severity: normaliseSeverity(vulnerability.severity),
      scanner: 'grype',
    };
    const versions = (vulnerability.fix?.versions ?? []).filter((v) => v.length > 0);
    const fixed = fixedVersion(versions.join(', '));
    if (fixed !== undefined && vulnerability.fix?.state !== 'not-fixed' && vulnerability.fix?.state !== 'wont-fix') {
      finding.fixed = fixed;
    }
    findings.push(finding);
  }
  return findings;
}
