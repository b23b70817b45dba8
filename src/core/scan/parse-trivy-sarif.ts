// Trivy `--format sarif`. A rule (id = CVE) is shared by every package with that CVE, so
// package, version and severity come from each result's message:
// `Package: P\nInstalled Version: V\nVulnerability ID\nSeverity: S\nFixed Version: F\nLink: …`.
// The rule's `security-severity` is a CVSS score, not a label; `tags` holds the label.
import type { ScanFinding, Severity } from './scan-model.ts';
import { collectSarifFindings, ruleProperty, runToolNames } from './sarif-shape.ts';
import { isSeverityLabel, normaliseSeverity } from './severity.ts';
import { fixedVersion, keySet, nonEmpty, readKeyValues } from './read-key-values.ts';

const MESSAGE_KEYS = keySet('package', 'installed version', 'severity', 'fixed version');

/** A `Label: value` line as Trivy writes it, at the start of the text or of a line. */
function lineValue(text: string, label: string, lineLabel: string): string | undefined {
  let at: number;
  if (text.startsWith(label)) at = label.length;
  else {
    const found = text.indexOf(lineLabel);
    if (found < 0) return undefined;
    at = found + lineLabel.length;
  }
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  return text.slice(at, end).trim();
}

const LABELS = (['Package', 'Installed Version', 'Severity', 'Fixed Version'] as const).map((l) => [`${l}: `, `\n${l}: `] as const);

/**
 * The four message fields. Fast path: Trivy's exact labels, found with indexOf (this runs once
 * per result of a 50 MB SARIF). Anything else (other case, padding) goes through readKeyValues.
 */
function readMessage(text: string): Map<string, string> {
  const [pkg, installed, severity, fixed] = LABELS.map(([label, lineLabel]) => lineValue(text, label, lineLabel));
  if (pkg === undefined || installed === undefined) return readKeyValues(text, MESSAGE_KEYS);
  const fields = new Map([
    ['package', pkg],
    ['installed version', installed],
  ]);
  if (severity !== undefined) fields.set('severity', severity);
  if (fixed !== undefined) fields.set('fixed version', fixed);
  return fields;
}
import type { SarifRule, SarifRun } from './sarif-shape.ts';

/** True for a run written by Trivy. */
export function isTrivyRun(run: SarifRun): boolean {
  return runToolNames(run).name === 'trivy';
}

/** The severity label in a Trivy rule's tags (`["vulnerability", "security", "MEDIUM"]`). */
function ruleTagSeverity(rule: SarifRule | undefined): Severity | undefined {
  const tags = ruleProperty(rule, 'tags');
  if (!Array.isArray(tags)) return undefined;
  const label = tags.find((tag) => isSeverityLabel(tag));
  return label === undefined ? undefined : normaliseSeverity(label);
}

/** Trivy's own mapping: CRITICAL/HIGH → error, MEDIUM → warning, LOW/UNKNOWN → note. Too coarse to use but as a last resort. */
function levelSeverity(level: string | undefined): Severity {
  return level === 'error' ? 'HIGH' : level === 'warning' ? 'MEDIUM' : 'UNKNOWN';
}

/** The vulnerability findings of Trivy SARIF runs; secret and misconfiguration results are skipped. Never throws. */
export function parseTrivySarifRuns(runs: readonly SarifRun[]): ScanFinding[] {
  return collectSarifFindings(runs, (result, rules) => {
    const fields = readMessage(result.message?.text ?? '');
    const pkg = nonEmpty(fields.get('package'));
    const installed = fields.get('installed version');
    // Vulnerability results name a package and its installed version; secrets and misconfigurations don't.
    if (pkg === undefined || installed === undefined) return undefined;
    const id = nonEmpty(result.ruleId) ?? /^\s*Vulnerability\s+(\S+)/m.exec(result.message?.text ?? '')?.[1];
    if (id === undefined) return undefined;
    const label = fields.get('severity');
    const severity: Severity = isSeverityLabel(label)
      ? normaliseSeverity(label)
      : (ruleTagSeverity(rules.ruleFor(result)) ?? levelSeverity(result.level));
    const finding: ScanFinding = { id, package: pkg, installed, severity, scanner: 'trivy' };
    const fixed = fixedVersion(fields.get('fixed version'));
    if (fixed !== undefined) finding.fixed = fixed;
    return finding;
  });
}
