// Config files are read by size first (bounded-config-files.ts, part of freshpin's Octokit):
// against the stateful GitHub fake, a config over 1 MiB is refused before its text is
// downloaded or parsed, in the repository, the owner's `.github` fallback or an `_extends`
// target; a normal config still reads as before.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONFIG_FILE_BYTES } from '../../src/github/bounded-config-files.ts';
import type { GitHubClient } from '../../src/github/github-client.ts';
import { createFreshpinOctokit } from '../../src/github/octokit-options.ts';
import { readRepoConfig } from '../../src/github/read-repo-config.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';

const OWNER = 'octo-org';
const BIG = `minimumAge: 1\n# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`;

let fake: GitHubFake;
let octokit: GitHubClient;
/** The Accept header of every contents request sent. */
let accepts: string[] = [];

beforeAll(async () => {
  fake = await startGitHubFake();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  fake.addInstallation({ id: 9, account: OWNER });
  accepts = [];
  const recordingFetch: typeof fetch = (input, init) => {
    if (String(input).includes('/contents/')) accepts.push(new Headers(init?.headers).get('accept') ?? '');
    return fetch(input, init);
  };
  const Octokit = createFreshpinOctokit();
  octokit = new Octokit({ baseUrl: fake.apiUrl, auth: { token: fake.createInstallationToken(9) }, retry: { enabled: false }, throttle: { enabled: false }, request: { fetch: recordingFetch } }) as GitHubClient;
});

function requestedRaw(): boolean {
  expect(accepts.length).toBeGreaterThan(0);
  return accepts.some((accept) => accept.includes('raw'));
}

describe('reading .github/freshpin.yml through freshpin’s Octokit', () => {
  it('reads a normal config (decoded from the contents answer, no raw download)', async () => {
    fake.addRepo({ owner: OWNER, name: 'svc', installationId: 9, files: { '.github/freshpin.yml': 'minimumAge: 3\npaths: ["docker/*.Dockerfile"]\n' } });
    expect(await readRepoConfig(octokit, { owner: OWNER, repo: 'svc' })).toEqual({ found: true, raw: { minimumAge: 3, paths: ['docker/*.Dockerfile'] }, sources: [{ owner: OWNER, repo: 'svc', path: '.github/freshpin.yml' }] });
    expect(requestedRaw()).toBe(false);
  });

  it('refuses a config over 1 MiB without downloading it', async () => {
    fake.addRepo({ owner: OWNER, name: 'svc', installationId: 9, files: { '.github/freshpin.yml': BIG } });
    const result = await readRepoConfig(octokit, { owner: OWNER, repo: 'svc' });
    expect(result).toEqual({ found: true, error: expect.stringMatching(/\.github\/freshpin\.yml is \d+ bytes: freshpin reads config files of at most 1048576 bytes/) });
    expect(requestedRaw()).toBe(false);
  });

  it('refuses an oversized file reached through the owner’s .github repository and _extends', async () => {
    fake.addRepo({ owner: OWNER, name: 'svc', installationId: 9, files: { 'README.md': 'hi\n' } });
    fake.addRepo({ owner: OWNER, name: '.github', installationId: 9, files: { '.github/freshpin.yml': '_extends: shared\n' } });
    fake.addRepo({ owner: OWNER, name: 'shared', installationId: 9, files: { '.github/freshpin.yml': BIG } });
    expect(await readRepoConfig(octokit, { owner: OWNER, repo: 'svc' })).toMatchObject({ found: true, error: expect.stringMatching(/at most 1048576 bytes/) });
  });

  it('still says found: false when there is no config', async () => {
    fake.addRepo({ owner: OWNER, name: 'svc', installationId: 9, files: { 'README.md': 'hi\n' } });
    expect(await readRepoConfig(octokit, { owner: OWNER, repo: 'svc' })).toEqual({ found: false });
  });
});

describe('Dockerfiles are read by size first', () => {
  it('refuses a Dockerfile over the cap from its size, before fetching its text', async () => {
    const { FileTooLargeError, readTextFile } = await import('../../src/github/read-repository.ts');
    fake.addRepo({ owner: OWNER, name: 'svc', installationId: 9, files: { Dockerfile: `FROM debian:bookworm\n# ${'x'.repeat(2 * 1024 * 1024)}\n`, 'small/Dockerfile': 'FROM debian:bookworm\n' } });
    const head = fake.branchHead(OWNER, 'svc', 'main') ?? '';
    await expect(readTextFile(octokit, { owner: OWNER, repo: 'svc' }, head, 'Dockerfile', { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(fake.requests.some((entry) => entry.path.includes('/git/blobs/'))).toBe(false);
    expect(await readTextFile(octokit, { owner: OWNER, repo: 'svc' }, head, 'small/Dockerfile', { maxBytes: 1024 * 1024 })).toBe('FROM debian:bookworm\n');
  });
});
