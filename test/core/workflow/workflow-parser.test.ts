// Issue #10: every workflow freshpin installs or runs is valid by GitHub's own grammar:
// @actions/workflow-parser (the parser behind GitHub's Actions language service) reads each
// file, reports no error, and converts it to a workflow template without error.
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { liveWorkflowFiles, shippedTemplateFiles } from '../../helpers/workflow-files.ts';

async function validate(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined) return [...errors, 'no workflow'];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [...errors, ...(template.errors ?? []).map((error) => error.Message)];
}

describe('GitHub’s workflow parser', () => {
  it.each([...liveWorkflowFiles(), ...shippedTemplateFiles()].map((file) => [file.path, file.text]))('accepts %s', async (path, text) => {
    expect(await validate(path, text)).toEqual([]);
  });

  it.each([
    ['an unknown permission value', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: reed\n    steps:\n      - run: echo\n'],
    ['a step with both uses and run', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        run: echo\n'],
    ['a job without runs-on', 'on: push\njobs:\n  a:\n    steps:\n      - run: echo\n'],
    ['an unknown trigger', 'on: pushed\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'],
  ])('rejects %s (the validator does validate)', async (_name, text) => {
    expect(await validate('bad.yml', text)).not.toEqual([]);
  });
});
