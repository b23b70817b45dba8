// Issue #10: `freshpin check DIR` warns (on stderr, exit code unchanged) when the scan workflow
// uses tag-pinned or known-compromised actions, or leaves the Trivy binary unpinned.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';

let work: string;
let fixtures = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'freshpin-check-workflow-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = path.join(work, `case-${++fixtures}`);
  for (const [file, text] of Object.entries({ Dockerfile: 'FROM scratch\n', ...files })) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function check(dir: string, ...flags: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: { DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: '2026-12-06' }, cwd: work };
  const code = await main(['check', dir, ...flags], io);
  return { code, stdout, stderr };
}

const template = (name: string) => readFile(new URL(`../../templates/${name}`, import.meta.url), 'utf8');

describe('freshpin check and the scan workflow', () => {
  it('warns about every unsafe pin of the v1 template, with line and advisory', async () => {
    const dir = await fixture({ '.github/workflows/freshpin-scan.yml': await template('shipped/freshpin-scan-v1.yml') });
    const { code, stderr } = await check(dir);
    expect(code).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toContain('freshpin: warning: .github/workflows/freshpin-scan.yml:48: actions/checkout@v4: pinned to the tag or branch `v4`, not to a commit SHA');
    expect(lines.filter((line) => line.includes('aquasecurity/trivy-action@0.28.0: known-compromised'))).toHaveLength(2);
    expect(stderr).toContain('https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23');
    expect(lines.filter((line) => line.includes('the Trivy binary is not pinned'))).toHaveLength(2);
  });

  it('keeps --json output clean: the warnings go to stderr', async () => {
    const dir = await fixture({ '.github/workflows/freshpin-scan.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n' });
    const { code, stdout, stderr } = await check(dir, '--json');
    expect(code).toBe(0);
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toContain('actions/checkout@v4');
  });

  it('audits the workflow the config names', async () => {
    const dir = await fixture({ '.github/freshpin.yml': 'scan:\n  workflow: image.yml\n', '.github/workflows/image.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: tj-actions/changed-files@v45\n' });
    expect((await check(dir)).stderr).toContain('.github/workflows/image.yml:6: tj-actions/changed-files@v45: known-compromised');
  });

  it.each([
    ['the current template', async () => ({ '.github/workflows/freshpin-scan.yml': await template('freshpin-scan.yml') })],
    ['no workflow at all', async () => ({})],
  ])('says nothing about %s', async (_name, files) => {
    const { code, stderr } = await check(await fixture(await files()));
    expect(code).toBe(0);
    expect(stderr).not.toContain('warning');
  });
});
