import { describe, expect, it } from 'vitest';
import { readRepoConfig } from '../../src/github/read-repo-config.ts';
import { github, makeClient, REPO } from './make-client.ts';

const RAW = { 'content-type': 'text/plain; charset=utf-8' };
const repoFile = '/repos/octo-org/octo-repo/contents/.github%2Ffreshpin.yml';
const orgFile = '/repos/octo-org/.github/contents/.github%2Ffreshpin.yml';

describe('readRepoConfig', () => {
  it('reads the repository file', async () => {
    github().get(repoFile).reply(200, 'schedule: daily\nimages:\n  - debian\n', RAW);
    expect(await readRepoConfig(makeClient(), REPO)).toEqual({ found: true, raw: { schedule: 'daily', images: ['debian'] }, sources: [{ owner: 'octo-org', repo: 'octo-repo', path: '.github/freshpin.yml' }] });
  });

  it('falls back to the owner .github repository and follows _extends', async () => {
    github().get(repoFile).reply(404, { message: 'Not Found' });
    github().get(orgFile).reply(200, '_extends: shared-config\nschedule: weekly\n', RAW);
    github().get('/repos/octo-org/shared-config/contents/.github%2Ffreshpin.yml').reply(200, 'schedule: daily\nautomerge: true\n', RAW);
    expect(await readRepoConfig(makeClient(), REPO)).toEqual({
      found: true,
      raw: { schedule: 'weekly', automerge: true },
      // Where it came from: the repository index probes these files' blobs (they move no head in this repository).
      sources: [
        { owner: 'octo-org', repo: '.github', path: '.github/freshpin.yml' },
        { owner: 'octo-org', repo: 'shared-config', path: '.github/freshpin.yml' },
      ],
    });
  });

  it('reports found: false when no file exists anywhere', async () => {
    github().get(repoFile).reply(404, { message: 'Not Found' });
    github().get(orgFile).reply(404, { message: 'Not Found' });
    expect(await readRepoConfig(makeClient(), REPO)).toEqual({ found: false });
  });

  it('reads a branch and another path', async () => {
    github().get('/repos/octo-org/octo-repo/contents/freshpin.yaml').query({ ref: 'next' }).reply(200, 'a: 1\n', RAW);
    expect(await readRepoConfig(makeClient(), REPO, 'freshpin.yaml', { branch: 'next' })).toEqual({ found: true, raw: { a: 1 }, sources: [{ owner: 'octo-org', repo: 'octo-repo', path: 'freshpin.yaml' }] });
  });

  it.each([
    ['invalid YAML', 'schedule: [daily\n', /invalid YAML/],
    ['YAML that is not an object', 'just text\n', /not an object/],
  ])('turns %s into an error', async (_name, body, pattern) => {
    github().get(repoFile).reply(200, body, RAW);
    const result = await readRepoConfig(makeClient(), REPO);
    expect(result).toMatchObject({ found: true, error: expect.stringMatching(pattern) });
  });

  it('throws a typed error when GitHub fails', async () => {
    github().get(repoFile).reply(503, { message: 'Service Unavailable' });
    await expect(readRepoConfig(makeClient(), REPO)).rejects.toMatchObject({ name: 'GitHubError', kind: 'unavailable' });
  });
});
