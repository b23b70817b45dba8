// Unsafe pins in a workflow: actions referenced by a tag or branch (mutable: whoever controls
// the tag controls your job), actions whose tags are known to have been hijacked, and a Trivy
// binary left unpinned or pinned to a malicious release. Pure: text in, problems out.
import { ACTION_PINS, COMMIT_SHA, actionRepository } from './action-pins.ts';
import { readWorkflowJobs } from './read-workflow-jobs.ts';
import type { WorkflowUse } from './read-workflow-jobs.ts';

export interface Advisory {
  id: string;
  url: string;
}

export type PinProblemKind = 'compromised' | 'unverified' | 'mutable' | 'trivy-binary';

export interface PinProblem {
  kind: PinProblemKind;
  job: string;
  line: number;
  uses: string;
  message: string;
  advisory?: Advisory;
}

export const TRIVY_ADVISORY: Advisory = { id: 'CVE-2026-33634', url: 'https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23' };

interface CompromisedAction {
  action: string;
  /** The first release published after the incident; tag refs before it are flagged. */
  fixed: string;
  what: string;
  advisory: Advisory;
  /** Bare tags (no `v`) before `fixed` were deleted: such refs no longer resolve. */
  bareTagsDeleted?: boolean;
}

/** Actions whose release tags were force-pushed to malicious commits. */
export const COMPROMISED_ACTIONS: readonly CompromisedAction[] = [
  {
    action: 'aquasecurity/trivy-action',
    fixed: '0.35.0',
    what: 'its tags before 0.35.0 were force-pushed to credential-stealing commits on 2026-03-19',
    advisory: TRIVY_ADVISORY,
    bareTagsDeleted: true,
  },
  { action: 'aquasecurity/setup-trivy', fixed: '0.2.6', what: 'its tags were force-pushed to credential-stealing commits on 2026-03-19', advisory: TRIVY_ADVISORY },
  {
    action: 'tj-actions/changed-files',
    fixed: '46.0.1',
    what: 'its tags were repointed to a secret-dumping commit on 2025-03-14',
    advisory: { id: 'CVE-2025-30066', url: 'https://github.com/advisories/GHSA-mrrh-fwg8-r2c3' },
  },
];

/** Trivy releases that were malicious (published with stolen credentials). */
export const COMPROMISED_TRIVY_RELEASES: readonly string[] = ['0.69.4', '0.69.5', '0.69.6'];

/** `[major, minor, patch]` of `v1`, `0.28.0`, `v4.1`…, or undefined. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function auditUse(use: WorkflowUse): PinProblem[] {
  const base = { job: use.job, line: use.line, uses: use.uses };
  const target = use.uses.trim();
  if (target.startsWith('./')) return [];
  if (target.startsWith('docker://')) {
    return target.includes('@sha256:') ? [] : [{ ...base, kind: 'mutable', message: 'the container image is referenced by tag, not by digest' }];
  }
  const at = target.lastIndexOf('@');
  if (at < 0) return [];
  const action = actionRepository(target.slice(0, at));
  const ref = target.slice(at + 1);
  const problems: PinProblem[] = [];
  if (COMMIT_SHA.test(ref)) problems.push(...auditPinnedCommit(use, base, action, ref));
  else {
    const rule = COMPROMISED_ACTIONS.find((candidate) => candidate.action === action);
    const version = parseVersion(ref);
    const fixed = rule === undefined ? undefined : parseVersion(rule.fixed);
    if (rule !== undefined && version !== undefined && fixed !== undefined && compareVersions(version, fixed) < 0) {
      const gone = rule.bareTagsDeleted === true && !ref.startsWith('v') ? '; this tag no longer exists, so the workflow fails with "Unable to resolve action"' : '';
      problems.push({ ...base, kind: 'compromised', message: `known-compromised: ${rule.what} (${rule.advisory.id})${gone}; pin the commit SHA of ${rule.fixed} or later`, advisory: rule.advisory });
    } else {
      const hijacked = rule === undefined ? '' : ` (${rule.what}, ${rule.advisory.id})`;
      problems.push({ ...base, kind: 'mutable', message: `pinned to the tag or branch \`${ref}\`, not to a commit SHA${hijacked}`, ...(rule === undefined ? {} : { advisory: rule.advisory }) });
    }
  }
  if (action === 'aquasecurity/trivy-action') problems.push(...auditTrivyBinary(use, base));
  return problems;
}

/**
 * A commit pin of an action whose tags were hijacked: pinning by SHA *during* the incident (as a
 * bot or a maintainer following the tag would have) pins the malicious commit. A commit that
 * freshpin's pin table knows is safe; otherwise the `# vX.Y.Z` comment tells the release it
 * claims, and a release before the fix, or no release named at all, is flagged.
 */
function auditPinnedCommit(use: WorkflowUse, base: Pick<PinProblem, 'job' | 'line' | 'uses'>, action: string, sha: string): PinProblem[] {
  const rule = COMPROMISED_ACTIONS.find((candidate) => candidate.action === action);
  if (rule === undefined) return [];
  if (ACTION_PINS.some((pin) => pin.action === action && pin.sha === sha.toLowerCase())) return [];
  const claimed = use.comment === undefined ? undefined : parseVersion(use.comment.split(/\s+/)[0] ?? '');
  const fixed = parseVersion(rule.fixed);
  if (claimed !== undefined && fixed !== undefined && compareVersions(claimed, fixed) < 0) {
    return [{ ...base, kind: 'compromised', message: `known-compromised: ${rule.what} (${rule.advisory.id}); this commit is named as ${use.comment}, a release before the fix, and may be a malicious one: pin the commit SHA of ${rule.fixed} or later`, advisory: rule.advisory }];
  }
  return [{ ...base, kind: 'unverified', message: `pinned to a commit freshpin cannot vouch for, of an action whose tags were hijacked (${rule.advisory.id}): check that it is the commit of release ${rule.fixed} or later`, advisory: rule.advisory }];
}

function auditTrivyBinary(use: WorkflowUse, base: Pick<PinProblem, 'job' | 'line' | 'uses'>): PinProblem[] {
  const requested = use.with.version?.trim();
  if (requested !== undefined && requested.includes('${{')) return [];
  if (requested === undefined || requested === '' || requested === 'latest') {
    return [{ ...base, kind: 'trivy-binary', message: 'the Trivy binary is not pinned (no `version:` input, or `latest`): set `version:` to a release outside v0.69.4–v0.69.6' }];
  }
  const version = parseVersion(requested);
  if (version !== undefined && COMPROMISED_TRIVY_RELEASES.some((bad) => compareVersions(version, parseVersion(bad)!) === 0)) {
    return [{ ...base, kind: 'compromised', message: `known-compromised: Trivy ${requested} was a malicious release (${TRIVY_ADVISORY.id})`, advisory: TRIVY_ADVISORY }];
  }
  return [];
}

export type WorkflowAudit = { ok: true; problems: PinProblem[] } | { ok: false; error: string };

/** Every unsafe pin of a workflow file, in file order. */
export function auditWorkflowPins(text: string): WorkflowAudit {
  const read = readWorkflowJobs(text);
  if (!read.ok) return read;
  const problems = read.jobs.flatMap((job) => job.uses.flatMap(auditUse));
  problems.sort((a, b) => a.line - b.line);
  return { ok: true, problems };
}
