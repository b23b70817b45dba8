// Issue #10: every `uses:` of every workflow freshpin installs or runs is pinned to the commit
// of a release, `owner/repo@<sha> # <version>`, exactly as the one table says; trivy-action is
// at or after 0.35.0 and every Trivy step pins the binary outside v0.69.4–v0.69.6.
import { describe, expect, it } from 'vitest';
import { ACTION_PINS, COMMIT_SHA, TRIVY_BINARY, findActionPin } from '../../../src/core/workflow/action-pins.ts';
import { COMPROMISED_TRIVY_RELEASES, compareVersions, parseVersion } from '../../../src/core/workflow/audit-workflow-pins.ts';
import { readWorkflowJobs } from '../../../src/core/workflow/read-workflow-jobs.ts';
import { liveWorkflowFiles } from '../../helpers/workflow-files.ts';

const files = liveWorkflowFiles();
const uses = files.flatMap((file) => {
  const read = readWorkflowJobs(file.text);
  if (!read.ok) throw new Error(`${file.path}: ${read.error}`);
  return read.jobs.flatMap((job) => job.uses.map((use) => ({ file: file.path, ...use })));
});

describe('the pin table', () => {
  it.each(ACTION_PINS.map((pin) => [pin.action, pin]))('%s is a release tag and a 40-hex commit', (_action, pin) => {
    expect(pin.sha).toMatch(COMMIT_SHA);
    expect(pin.version).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it('lists each action once', () => {
    expect(new Set(ACTION_PINS.map((pin) => pin.action)).size).toBe(ACTION_PINS.length);
  });

  it('has trivy-action at or after 0.35.0 and a Trivy binary outside the malicious releases', () => {
    const trivy = findActionPin('aquasecurity/trivy-action');
    expect(compareVersions(parseVersion(trivy!.version)!, [0, 35, 0])).toBeGreaterThanOrEqual(0);
    const binary = parseVersion(TRIVY_BINARY.version)!;
    for (const bad of COMPROMISED_TRIVY_RELEASES) expect(compareVersions(binary, parseVersion(bad)!)).not.toBe(0);
    expect(TRIVY_BINARY.sha).toMatch(COMMIT_SHA);
  });

  it('uses current majors: checkout, upload-artifact, login-action, scout-action, cache and codeql-action v4', () => {
    const major = (action: string) => parseVersion(findActionPin(action)!.version)![0];
    expect({
      checkout: major('actions/checkout'),
      upload: major('actions/upload-artifact'),
      download: major('actions/download-artifact'),
      cache: major('actions/cache'),
      login: major('docker/login-action'),
      scout: major('docker/scout-action'),
      codeql: major('github/codeql-action'),
    }).toEqual({ checkout: 7, upload: 7, download: 8, cache: 5, login: 4, scout: 1, codeql: 4 });
  });
});

describe('every uses: in templates/ and .github/workflows/', () => {
  it('finds the files and their actions', () => {
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(['templates/freshpin-scan.yml', '.github/workflows/ci.yml', '.github/workflows/image-scan.yml']));
    expect(uses.length).toBeGreaterThan(10);
  });

  it.each(uses.map((use) => [`${use.file}:${use.line} ${use.uses}`, use]))('%s is SHA-pinned as the table says', (_name, use) => {
    const [target, ref] = use.uses.split('@');
    const pin = findActionPin(target!);
    expect(pin, `${use.uses} is not in src/core/workflow/action-pins.ts`).toBeDefined();
    expect(ref, `${use.file}:${use.line} pins ${target} to ${ref}, the table to ${pin!.sha} (${pin!.version})`).toBe(pin!.sha);
    expect(use.comment, `${use.file}:${use.line} must name the release in a comment: # ${pin!.version}`).toBe(pin!.version);
  });

  it.each(uses.filter((use) => use.uses.startsWith('aquasecurity/trivy-action@')).map((use) => [`${use.file}:${use.line}`, use]))('%s pins the Trivy binary to the table’s release', (_name, use) => {
    expect(use.with.version).toBe(TRIVY_BINARY.version);
  });

  it.each(uses.filter((use) => use.uses.startsWith('actions/checkout@')).map((use) => [`${use.file}:${use.line}`, use]))('%s does not persist credentials', (_name, use) => {
    expect(use.with['persist-credentials']).toBe('false');
  });
});
