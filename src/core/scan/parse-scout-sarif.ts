// Docker Scout SARIF (`docker/scout-action`, `command: cves`, `format: sarif`). One rule can cover
// several packages, one result each, and the rule's versions describe only one of them, so each
// result's message is read: padded `Key : value` lines (`Vulnerability`, `Severity`, `Package` as a
// purl, `Affected range`, `Fixed version`). The rule's properties are only a fallback.
// Purl versions are percent-encoded; package names are Debian *source* names (`openssl`, `glibc`).
import type { ScanFinding } from './scan-model.ts';
import { collectSarifFindings, ruleProperty, runToolNames } from './sarif-shape.ts';
import type { SarifRule, SarifRun } from './sarif-shape.ts';
import { normaliseSeverity } from './severity.ts';
import { fixedVersion, keySet, nonEmpty, readKeyValues } from './read-key-values.ts';
import { parsePurl, purlPackageName } from './parse-purl.ts';

const MESSAGE_KEYS = keySet('vulnerability', 'severity', 'package', 'fixed version');

/** True for a run written by Docker Scout (`docker scout` / `Docker Scout`). */
export function isScoutRun(run: SarifRun): boolean {
  const { name, fullName } = runToolNames(run);
  return name === 'docker scout' || name === 'docker-scout' || fullName.startsWith('docker scout');
}

function rulePurl(rule: SarifRule | undefined): string | undefined {
  const purls = ruleProperty(rule, 'purls');
  if (Array.isArray(purls) && typeof purls[0] === 'string') return purls[0];
  const purl = ruleProperty(rule, 'purl');
  return typeof purl === 'string' ? purl : undefined;
}

function ruleSeverity(rule: SarifRule | undefined): unknown {
  const label = ruleProperty(rule, 'cvssV3_severity');
  if (typeof label === 'string') return label;
  const tags = ruleProperty(rule, 'tags');
  return Array.isArray(tags) ? tags[0] : undefined;
}

/** The findings of Docker Scout SARIF runs. Never throws. */
export function parseScoutSarifRuns(runs: readonly SarifRun[]): ScanFinding[] {
  return collectSarifFindings(runs, (result, rules) => {
    const fields = readKeyValues(result.message?.text ?? '', MESSAGE_KEYS);
    // Read the rule only when the message lacks something.
    let rule: SarifRule | undefined;
    let ruleRead = false;
    const getRule = (): SarifRule | undefined => {
      if (!ruleRead) {
        rule = rules.ruleFor(result);
        ruleRead = true;
      }
      return rule;
    };
    const id = nonEmpty(fields.get('vulnerability')) ?? nonEmpty(result.ruleId);
    const purlText = nonEmpty(fields.get('package')) ?? rulePurl(getRule());
    if (id === undefined || purlText === undefined) return undefined;
    const purl = parsePurl(purlText);
    const pkg = purl === undefined ? purlText : purlPackageName(purl);
    const label = nonEmpty(fields.get('severity')) ?? ruleSeverity(getRule());
    const finding: ScanFinding = {
      id,
      package: pkg,
      installed: purl?.version ?? '',
      severity: normaliseSeverity(label),
      scanner: 'scout',
    };
    const fixed = fields.has('fixed version')
      ? fixedVersion(fields.get('fixed version'))
      : fixedVersion(ruleProperty(getRule(), 'fixed_version'));
    if (fixed !== undefined) finding.fixed = fixed;
    return finding;
  });
}
