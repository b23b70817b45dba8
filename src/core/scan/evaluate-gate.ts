// The scan gate: does this bump make the image worse?
//
// With a baseline, the gate fails when the bump *introduces* a vulnerability id at or above
// `failOn`; findings the base image already had never fail it. Without a baseline there is
// nothing to attribute, so the head image is judged on its absolute findings: it fails when it
// has any id at or above `failOn`. This errs on the side of telling (a new image with a
// critical finding is worth a look) and the summary says the judgement was absolute.
import type { DiffEntry, FailOn, GateResult, ScanDiff, Severity } from './scan-model.ts';
import { SEVERITIES } from './scan-model.ts';
import { severityRank } from './severity.ts';

/** Default gate threshold. */
export const DEFAULT_FAIL_ON: FailOn = 'CRITICAL';

/** `1 CRITICAL, 2 HIGH` for the entries at or above a threshold. */
function describeCounts(counts: Partial<Record<Severity, number>>): string {
  return SEVERITIES.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

function countAtOrAbove(entries: readonly { severity: Severity }[], failOn: Severity): Partial<Record<Severity, number>> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const e of entries) {
    if (severityRank(e.severity) >= severityRank(failOn)) counts[e.severity] = (counts[e.severity] ?? 0) + 1;
  }
  return counts;
}

/** Evaluates the gate on a diff. `failOn: 'none'` always succeeds. */
export function evaluateScanGate(diff: ScanDiff, failOn: FailOn = DEFAULT_FAIL_ON): GateResult {
  if (failOn === 'none') return { conclusion: 'success', summary: 'The scan gate is off (fail-on: none).' };
  if (diff.hasBaseline) {
    const blocking: DiffEntry[] = diff.introduced.filter((e) => severityRank(e.severity) >= severityRank(failOn));
    if (blocking.length === 0) {
      return { conclusion: 'success', summary: `Introduces no vulnerability at or above ${failOn}.` };
    }
    return {
      conclusion: 'failure',
      summary: `Introduces ${describeCounts(countAtOrAbove(blocking, failOn))} (fail-on: ${failOn}).`,
    };
  }
  const ids = new Map<string, Severity>();
  for (const f of diff.head.findings) {
    if (severityRank(f.severity) >= severityRank(failOn)) ids.set(f.id, f.severity);
  }
  if (ids.size === 0) {
    return { conclusion: 'success', summary: `No baseline; the image has no vulnerability at or above ${failOn}.` };
  }
  const counts = countAtOrAbove([...ids.values()].map((severity) => ({ severity })), failOn);
  return {
    conclusion: 'failure',
    summary: `No baseline to compare with; the image has ${describeCounts(counts)} (fail-on: ${failOn}).`,
  };
}
