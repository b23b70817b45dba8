import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditWorkflowPins } from '../../../src/core/workflow/audit-workflow-pins.ts';
import type { PinProblemKind } from '../../../src/core/workflow/audit-workflow-pins.ts';
import { readWorkflowJobs } from '../../../src/core/workflow/read-workflow-jobs.ts';
import { findActionPin } from '../../../src/core/workflow/action-pins.ts';

const SHA = 'a'.repeat(40);
/** The commit freshpin's pin table holds for trivy-action (a release after the fix). */
const TRIVY_SHA = findActionPin('aquasecurity/trivy-action')!.sha;
const oneStep = (uses: string, inputs = '') => `on: push\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n${inputs}`;
const kinds = (text: string): PinProblemKind[] => {
  const audit = auditWorkflowPins(text);
  if (!audit.ok) throw new Error(audit.error);
  return audit.problems.map((problem) => problem.kind);
};

describe('auditWorkflowPins', () => {
  it.each<[string, string, PinProblemKind[]]>([
    ['a commit SHA', `actions/checkout@${SHA} # v7.0.1`, []],
    ['a major tag', 'actions/checkout@v4', ['mutable']],
    ['a branch', 'actions/checkout@main', ['mutable']],
    ['a sub-action by tag', 'github/codeql-action/upload-sarif@v3', ['mutable']],
    ['a local action', './.github/actions/build', []],
    ['an image by tag', 'docker://alpine:3.20', ['mutable']],
    ['an image by digest', `docker://alpine@sha256:${'b'.repeat(64)}`, []],
    ['a hijacked trivy-action tag (bare, deleted)', 'aquasecurity/trivy-action@0.28.0', ['compromised', 'trivy-binary']],
    ['a hijacked trivy-action tag (v-prefixed)', 'aquasecurity/trivy-action@v0.34.2', ['compromised', 'trivy-binary']],
    ['a post-incident trivy-action tag', 'aquasecurity/trivy-action@v0.35.0', ['mutable', 'trivy-binary']],
    ['trivy-action by the pin table’s SHA without a binary version', `aquasecurity/trivy-action@${TRIVY_SHA} # v0.36.0`, ['trivy-binary']],
    // Pinned by SHA during the incident: the commit a hijacked tag pointed to.
    ['trivy-action by an unknown SHA named as a hijacked release', `aquasecurity/trivy-action@${SHA} # 0.28.0`, ['compromised', 'trivy-binary']],
    ['trivy-action by an unknown SHA named as a later release', `aquasecurity/trivy-action@${SHA} # v0.35.0`, ['unverified', 'trivy-binary']],
    ['trivy-action by an unknown SHA with no release named', `aquasecurity/trivy-action@${SHA}`, ['unverified', 'trivy-binary']],
    ['tj-actions/changed-files by a SHA named as a hijacked release', `tj-actions/changed-files@${SHA} # v45.0.7`, ['compromised']],
    ['a hijacked setup-trivy tag', 'aquasecurity/setup-trivy@v0.2.2', ['compromised']],
    ['a hijacked tj-actions/changed-files tag', 'tj-actions/changed-files@v45', ['compromised']],
  ])('%s', (_name, uses, expected) => {
    expect(kinds(oneStep(uses))).toEqual(expected);
  });

  it.each<[string, PinProblemKind[]]>([
    ['v0.74.0', []],
    ['v0.69.3', []],
    ['v0.69.4', ['compromised']],
    ['0.69.6', ['compromised']],
    ['latest', ['trivy-binary']],
    ['${{ vars.TRIVY }}', []],
  ])('the Trivy binary %s', (version, expected) => {
    expect(kinds(oneStep(`aquasecurity/trivy-action@${TRIVY_SHA} # v0.36.0`, `        with:\n          version: '${version}'\n`))).toEqual(expected);
  });

  it('names the advisory and the line of a compromised pin', () => {
    const audit = auditWorkflowPins(oneStep('aquasecurity/trivy-action@0.28.0', "        with:\n          version: v0.74.0\n"));
    expect(audit).toEqual({
      ok: true,
      problems: [
        {
          kind: 'compromised',
          job: 'scan',
          line: 6,
          uses: 'aquasecurity/trivy-action@0.28.0',
          message: expect.stringContaining('this tag no longer exists'),
          advisory: { id: 'CVE-2026-33634', url: 'https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23' },
        },
      ],
    });
  });

  it('audits reusable workflows called by a job', () => {
    expect(kinds('on: push\njobs:\n  call:\n    uses: acme/workflows/.github/workflows/scan.yml@main\n    secrets: inherit\n')).toEqual(['mutable']);
  });

  it('says when the text is not a workflow', () => {
    expect(auditWorkflowPins('just: text\n')).toEqual({ ok: false, error: 'the workflow has no jobs' });
    expect(auditWorkflowPins('jobs: [').ok).toBe(false);
  });
});

describe('readWorkflowJobs', () => {
  it('reads the trailing comment, the inputs and whether a job sees secrets', () => {
    const text = `on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      T: \${{ secrets.T }}\n    steps:\n      - uses: actions/checkout@${SHA} # v7.0.1\n        with:\n          persist-credentials: false\n  b:\n    runs-on: x\n    steps:\n      - run: echo\n`;
    expect(readWorkflowJobs(text)).toEqual({
      ok: true,
      jobs: [
        { id: 'a', referencesSecrets: true, uses: [{ job: 'a', step: 0, line: 8, uses: `actions/checkout@${SHA}`, comment: 'v7.0.1', with: { 'persist-credentials': 'false' } }] },
        { id: 'b', referencesSecrets: false, uses: [] },
      ],
    });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const read = readWorkflowJobs(text);
        expect(typeof read.ok).toBe('boolean');
        auditWorkflowPins(text);
      }),
    );
  });

  it('never throws on workflow-shaped YAML with odd values', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
    const step = fc.dictionary(fc.constantFrom('uses', 'with', 'run', 'name'), fc.oneof(scalar, fc.dictionary(fc.string({ maxLength: 8 }), scalar)));
    const job = fc.dictionary(fc.constantFrom('steps', 'uses', 'env', 'secrets', 'runs-on'), fc.oneof(scalar, fc.array(step, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar)));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(job, scalar)), (jobs) => {
        const text = JSON.stringify({ on: 'push', jobs });
        expect(auditWorkflowPins(text).ok).toBe(true);
      }),
    );
  });
});
