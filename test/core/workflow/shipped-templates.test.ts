// Issue #10: the scan templates freshpin shipped are frozen data, recognised byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCAN_TEMPLATE_VERSION, SHIPPED_SCAN_TEMPLATES, classifyScanWorkflow, readTemplateMarker } from '../../../src/core/workflow/shipped-templates.ts';
import { hashWorkflowText } from '../../../src/services/bumps/review-scan-workflow.ts';
import { shippedTemplateFiles } from '../../helpers/workflow-files.ts';

const CURRENT = readFileSync(new URL('../../../templates/freshpin-scan.yml', import.meta.url), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the shipped templates table', () => {
  it('lists the current template under the current version (changing the template means shipping a new version)', () => {
    const current = SHIPPED_SCAN_TEMPLATES.find((template) => template.version === CURRENT_SCAN_TEMPLATE_VERSION);
    expect(
      current?.sha256,
      'templates/freshpin-scan.yml changed: copy the previous one to templates/shipped/freshpin-scan-v<N>.yml, bump its marker line and CURRENT_SCAN_TEMPLATE_VERSION, and add its hash',
    ).toBe(sha256(CURRENT));
    expect(readTemplateMarker(CURRENT)).toBe(CURRENT_SCAN_TEMPLATE_VERSION);
  });

  it('keeps a frozen copy of every older version, hashing to its row', () => {
    const copies = new Map(shippedTemplateFiles().map((file) => [Number(/-v(\d+)\.yml$/.exec(file.path)?.[1]), file.text]));
    const older = SHIPPED_SCAN_TEMPLATES.filter((template) => template.version !== CURRENT_SCAN_TEMPLATE_VERSION);
    expect(older.map((template) => template.version)).toEqual([...copies.keys()].sort());
    for (const template of older) {
      expect(sha256(copies.get(template.version)!), `v${template.version}`).toBe(template.sha256);
      expect(template.upgradeReasons.length, `v${template.version} says why to upgrade`).toBeGreaterThan(0);
    }
  });

  it('hashes text as its UTF-8 bytes', () => {
    expect(hashWorkflowText('é\n')).toBe(sha256('é\n'));
  });
});

describe('classifyScanWorkflow', () => {
  const v1 = shippedTemplateFiles()[0]!.text;
  const classify = (text: string) => classifyScanWorkflow(text, sha256(text));

  it('knows the current template', () => {
    expect(classify(CURRENT)).toEqual({ kind: 'current' });
  });

  it('recognises v1 byte for byte, with its unsafe pins', () => {
    const state = classify(v1);
    expect(state.kind).toBe('shipped');
    if (state.kind !== 'shipped') return;
    expect(state.template.version).toBe(1);
    expect(state.problems.filter((problem) => problem.kind === 'compromised').map((problem) => problem.uses)).toEqual(['aquasecurity/trivy-action@0.28.0', 'aquasecurity/trivy-action@0.28.0']);
  });

  it.each([
    ['one byte more', `${v1} `],
    ['CRLF line ends', v1.replace(/\n/g, '\r\n')],
    ['a changed timeout', v1.replace('timeout-minutes: 60', 'timeout-minutes: 61')],
  ])('treats v1 with %s as customised and outdated', (_name, text) => {
    expect(classify(text)).toMatchObject({ kind: 'customised', outdated: true });
  });

  it('flags a customised copy of an older marker as outdated even when its pins are safe', () => {
    const text = CURRENT.replace('# freshpin-template: freshpin-scan v2', '# freshpin-template: freshpin-scan v1').replace('timeout-minutes: 60', 'timeout-minutes: 61');
    expect(classify(text)).toEqual({ kind: 'customised', markerVersion: 1, outdated: true, problems: [] });
  });

  it('leaves a customised, safe, current workflow alone', () => {
    expect(classify(CURRENT.replace('timeout-minutes: 60', 'timeout-minutes: 61'))).toEqual({ kind: 'customised', markerVersion: 2, outdated: false, problems: [] });
  });

  it('says when a customised file is not a readable workflow', () => {
    expect(classify('jobs: [')).toMatchObject({ kind: 'customised', outdated: false, unreadable: expect.any(String) });
  });
});
