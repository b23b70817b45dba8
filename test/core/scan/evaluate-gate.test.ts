import { describe, expect, it } from 'vitest';
import { diffScans } from '../../../src/core/scan/diff-scans.ts';
import { evaluateScanGate } from '../../../src/core/scan/evaluate-gate.ts';
import { normaliseFindings } from '../../../src/core/scan/normalise-findings.ts';
import type { FailOn, ScanFinding, Severity } from '../../../src/core/scan/scan-model.ts';

const f = (id: string, severity: Severity): ScanFinding => ({ id, package: 'p', installed: '1', severity, scanner: 'trivy' });
const withBase = (head: ScanFinding[], base: ScanFinding[]) => diffScans(normaliseFindings(head), normaliseFindings(base));
const noBase = (head: ScanFinding[]) => diffScans(normaliseFindings(head));

describe('evaluateScanGate', () => {
  it.each<[string, ReturnType<typeof diffScans>, FailOn | undefined, 'success' | 'failure', string]>([
    ['introduces a CRITICAL, default fail-on', withBase([f('C1', 'CRITICAL')], []), undefined, 'failure', 'Introduces 1 CRITICAL (fail-on: CRITICAL).'],
    ['introduces a HIGH, default fail-on', withBase([f('H1', 'HIGH')], []), undefined, 'success', 'Introduces no vulnerability at or above CRITICAL.'],
    ['introduces a HIGH, fail-on HIGH', withBase([f('H1', 'HIGH'), f('C1', 'CRITICAL')], []), 'HIGH', 'failure', 'Introduces 1 CRITICAL, 1 HIGH (fail-on: HIGH).'],
    ['keeps a CRITICAL the base already had', withBase([f('C1', 'CRITICAL')], [f('C1', 'CRITICAL')]), 'LOW', 'success', 'Introduces no vulnerability at or above LOW.'],
    ['UNKNOWN ranks below LOW', withBase([f('U1', 'UNKNOWN')], []), 'LOW', 'success', 'Introduces no vulnerability at or above LOW.'],
    ['fail-on none', withBase([f('C1', 'CRITICAL')], []), 'none', 'success', 'The scan gate is off (fail-on: none).'],
    ['no baseline: judged on absolute findings', noBase([f('C1', 'CRITICAL'), f('C2', 'CRITICAL')]), 'CRITICAL', 'failure', 'No baseline to compare with; the image has 2 CRITICAL (fail-on: CRITICAL).'],
    ['no baseline, nothing at or above', noBase([f('M1', 'MEDIUM')]), 'HIGH', 'success', 'No baseline; the image has no vulnerability at or above HIGH.'],
  ])('%s', (_label, diff, failOn, conclusion, summary) => {
    expect(evaluateScanGate(diff, failOn)).toEqual({ conclusion, summary });
  });
});
