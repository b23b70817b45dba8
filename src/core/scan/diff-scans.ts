// Head (PR image) against base image, compared by vulnerability id only: Docker Scout names
// Debian source packages (`openssl`) where Trivy names binary ones (`libssl3`), so matching by
// package would report false "new" findings.
import type { DiffEntry, NormalisedFinding, ScanDiff } from './scan-model.ts';
import { countBySeverity } from './normalise-findings.ts';
import { maxSeverity, severityRank } from './severity.ts';

function sortedDistinct(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v.length > 0).sort();
}

/** Groups findings by id into diff entries, most severe first. */
export function groupById(findings: readonly NormalisedFinding[]): DiffEntry[] {
  const groups = new Map<string, NormalisedFinding[]>();
  for (const f of findings) {
    const group = groups.get(f.id);
    if (group === undefined) groups.set(f.id, [f]);
    else group.push(f);
  }
  const entries: DiffEntry[] = [];
  for (const [id, group] of groups) {
    entries.push({
      id,
      severity: group.reduce((s, f) => maxSeverity(s, f.severity), group[0]?.severity ?? 'UNKNOWN'),
      packages: sortedDistinct(group.map((f) => f.package)),
      installed: sortedDistinct(group.map((f) => f.installed)),
      fixedIn: sortedDistinct(group.map((f) => f.fixed ?? '')),
      scanners: [...new Set(group.flatMap((f) => f.scanners))].sort(),
    });
  }
  return entries.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Diffs normalised head findings against base findings. With no base (`undefined`),
 * `hasBaseline` is false and introduced/fixed are empty.
 */
export function diffScans(head: readonly NormalisedFinding[], base?: readonly NormalisedFinding[]): ScanDiff {
  const diff: ScanDiff = {
    head: { counts: countBySeverity(head), findings: [...head] },
    hasBaseline: base !== undefined,
    introduced: [],
    fixed: [],
  };
  if (base === undefined) return diff;
  diff.base = { counts: countBySeverity(base), findings: [...base] };
  const headIds = new Set(head.map((f) => f.id));
  const baseIds = new Set(base.map((f) => f.id));
  diff.introduced = groupById(head.filter((f) => !baseIds.has(f.id)));
  diff.fixed = groupById(base.filter((f) => !headIds.has(f.id)));
  return diff;
}
