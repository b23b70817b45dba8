// Grype `-o sarif`. Each rule is one (vulnerability, package) pair, id `CVE-…-package`, and its
// help text holds `Vulnerability ID\nSeverity: s\nPackage: p\nVersion: v\nFix Version: f`.
// Results point at rules; their message (`A low vulnerability in rpm package: p, version v …`)
// is the fallback. `security-severity` is a CVSS score and is not used as the label.
import type { ScanFinding } from './scan-model.ts';
import type { SarifRun } from './sarif-shape.ts';
import { collectSarifFindings, runToolNames } from './sarif-shape.ts';
import { normaliseSeverity } from './severity.ts';
import { fixedVersion, keySet, nonEmpty, readKeyValues } from './read-key-values.ts';

const HELP_KEYS = keySet('severity', 'package', 'version', 'fix version');
const MESSAGE = /^An? (\w+) vulnerability in \S+ package: (.+?), version (\S+) was found/;

/** True for a run written by Grype (`grype`, older `Anchore Grype Scan`). */
export function isGrypeRun(run: SarifRun): boolean {
  const { name, fullName } = runToolNames(run);
  return name.includes('grype') || fullName.includes('grype');
}

/** The findings of Grype SARIF runs. Never throws. */
export function parseGrypeSarifRuns(runs: readonly SarifRun[]): ScanFinding[] {
  return collectSarifFindings(runs, (result, rules) => {
    const rule = rules.ruleFor(result);
    const helpText = rule?.help?.text ?? '';
    const help = readKeyValues(helpText, HELP_KEYS);
    const message = MESSAGE.exec(result.message?.text ?? '');
    const id =
      /^\s*Vulnerability\s+(\S+)/.exec(helpText)?.[1] ??
      /^(\S+)\s/.exec(rule?.shortDescription?.text ?? '')?.[1] ??
      nonEmpty(result.ruleId);
    const pkg = nonEmpty(help.get('package')) ?? message?.[2];
    if (id === undefined || pkg === undefined) return undefined;
    const finding: ScanFinding = {
      id,
      package: pkg,
      installed: nonEmpty(help.get('version')) ?? message?.[3] ?? '',
      severity: normaliseSeverity(nonEmpty(help.get('severity')) ?? message?.[1]),
      scanner: 'grype',
    };
    const fixed = fixedVersion(help.get('fix version')?.split(',').map((v) => v.trim()).filter((v) => v.length > 0).join(', '));
    if (fixed !== undefined) finding.fixed = fixed;
    return finding;
  });
}
