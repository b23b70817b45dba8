// Issue #10: secrets never meet third-party code, every job states least-privilege
// permissions, and the scan template still produces what the app reads back.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readWorkflowJobs } from '../../../src/core/workflow/read-workflow-jobs.ts';
import { SCAN_ARTIFACT_NAME } from '../../../src/services/scans/read-scan-artifacts.ts';
import { liveWorkflowFiles, shippedTemplateFiles } from '../../helpers/workflow-files.ts';

const FIRST_PARTY = /^(actions|github|docker)\//;
const owner = (uses: string) => uses.split('/')[0]!.toLowerCase();

type Job = { permissions?: unknown; steps?: Array<Record<string, unknown>>; needs?: string | string[] };
type Workflow = { on: Record<string, { inputs?: Record<string, unknown> } | null>; permissions?: unknown; jobs: Record<string, Job> };

const files = liveWorkflowFiles();

/** The jobs that run an action outside actions/, github/ and docker/ yet can see a secret. */
function leakingJobs(text: string): string[] {
  const read = readWorkflowJobs(text);
  if (!read.ok) throw new Error(read.error);
  return read.jobs.filter((job) => job.referencesSecrets && job.uses.some((use) => !use.uses.startsWith('./') && !FIRST_PARTY.test(use.uses))).map((job) => job.id);
}

describe('secrets isolation', () => {
  it.each(files.map((file) => [file.path, file.text]))('%s: no job that runs a third-party action references secrets', (_path, text) => {
    expect(leakingJobs(text)).toEqual([]);
  });

  it.each(files.map((file) => [file.path, file.text]))('%s: a job given the Docker Hub secrets runs only Docker’s and GitHub’s artifact actions', (_path, text) => {
    const read = readWorkflowJobs(text);
    if (!read.ok) throw new Error(read.error);
    for (const job of read.jobs.filter((candidate) => /DOCKERHUB_TOKEN/.test(JSON.stringify(parse(text).jobs[candidate.id])) && candidate.uses.length > 0)) {
      const owners = new Set(job.uses.map((use) => use.uses.split('@')[0]!.replace(/^actions\/(upload|download)-artifact$/, 'artifacts')).map((target) => (target === 'artifacts' ? target : owner(target))));
      expect([...owners].sort(), job.id).toEqual(['artifacts', 'docker']);
    }
  });

  it('catches the v1 template, which ran Trivy next to the Docker Hub secrets', () => {
    const v1 = shippedTemplateFiles().find((file) => file.path.endsWith('freshpin-scan-v1.yml'))!;
    expect(leakingJobs(v1.text)).toEqual(['scan']);
  });
});

describe('least privilege', () => {
  it.each(files.map((file) => [file.path, file.text]))('%s: no default permissions, and every job declares its own', (_path, text) => {
    const workflow = parse(text) as Workflow;
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, id).toBeDefined();
      const granted = Object.entries((job.permissions ?? {}) as Record<string, string>).filter(([, level]) => level === 'write').map(([scope]) => scope);
      // Only code scanning writes anything: security events, on freshpin's own image.
      expect(granted, id).toEqual(id === 'code-scanning' ? ['security-events'] : []);
    }
  });
});

describe('what the app reads back', () => {
  const template = parse(files.find((file) => file.path === 'templates/freshpin-scan.yml')!.text) as Workflow;
  const steps = Object.values(template.jobs).flatMap((job) => job.steps ?? []);

  it('keeps the workflow_dispatch inputs (the app dispatches `dockerfile`)', () => {
    expect(Object.keys(template.on.workflow_dispatch?.inputs ?? {})).toEqual(['dockerfile', 'context', 'target']);
  });

  it(`ends with ONE artifact named ${SCAN_ARTIFACT_NAME}, merged from the parts the scanning jobs upload`, () => {
    const merge = steps.find((step) => String(step.uses).startsWith('actions/upload-artifact/merge@'));
    const withs = merge?.with as { name: string; pattern: string; 'delete-merged': boolean };
    expect(withs.name).toBe(SCAN_ARTIFACT_NAME);
    expect(withs['delete-merged']).toBe(true);
    const pattern = new RegExp(`^${withs.pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const uploads = steps.filter((step) => String(step.uses).startsWith('actions/upload-artifact@')).map((step) => (step.with as { name: string }).name);
    expect(uploads.filter((name) => pattern.test(name)).sort()).toEqual(['freshpin-scan-part-scout', 'freshpin-scan-part-trivy']);
    // The image is not merged into what the app downloads.
    expect(uploads.filter((name) => !pattern.test(name))).toEqual(['freshpin-image']);
  });

  it('writes Trivy JSON, Trivy SARIF and Docker Scout SARIF', () => {
    const outputs = steps.map((step) => step.with as Record<string, unknown> | undefined).flatMap((inputs) => [inputs?.output, inputs?.['sarif-file']]).filter((value) => value !== undefined);
    expect(outputs).toEqual(['scan/trivy.json', 'scan/trivy.sarif', 'scout/scout.sarif']);
  });
});
