import { describe, expect, it } from 'vitest';
import { commitFiles, createBranch, deleteBranch, isOnlyAuthoredBy, listBranchCommits, moveBranch, type BranchCommit } from '../../src/github/write-bump-branch.ts';
import { APP_LOGIN, github, makeClient, REPO, sha } from './make-client.ts';

const R = '/repos/octo-org/octo-repo';

describe('commitFiles', () => {
  it('writes a tree on the base tree and an unsigned-by-us commit (no author, no committer)', async () => {
    github().get(`${R}/git/commits/${sha('a')}`).reply(200, { sha: sha('a'), tree: { sha: sha('t'), url: 'x' }, parents: [], message: 'base' });
    github()
      .post(`${R}/git/trees`, {
        base_tree: sha('t'),
        tree: [
          { path: 'Dockerfile', mode: '100644', type: 'blob', content: 'FROM debian:bookworm-20250601\n' },
          { path: 'build.sh', mode: '100755', type: 'blob', content: '#!/bin/sh\n' },
        ],
      })
      .reply(201, { sha: sha('n'), tree: [], truncated: false });
    github()
      .post(`${R}/git/commits`, (body: Record<string, unknown>) => {
        expect(body).toEqual({ message: 'Bump debian', tree: sha('n'), parents: [sha('a')] });
        return true;
      })
      .reply(201, { sha: sha('c'), tree: { sha: sha('n') }, verification: { verified: true, reason: 'valid' } });
    const commit = await commitFiles(makeClient(), REPO, {
      baseSha: sha('a'),
      files: { Dockerfile: 'FROM debian:bookworm-20250601\n', 'build.sh': '#!/bin/sh\n' },
      message: 'Bump debian',
      modes: { 'build.sh': '100755' },
    });
    expect(commit).toBe(sha('c'));
  });

  it('throws a typed error when the base commit is missing', async () => {
    github().get(`${R}/git/commits/${sha('a')}`).reply(404, { message: 'Not Found' });
    await expect(commitFiles(makeClient(), REPO, { baseSha: sha('a'), files: {}, message: 'm' })).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('createBranch', () => {
  it.each([
    [201, { ref: 'refs/heads/freshpin/debian', object: { sha: sha('a') } }, 'created'],
    [422, { message: 'Reference already exists', documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference', status: '422' }, 'exists'],
  ] as const)('answers %i as %s', async (status, body, expected) => {
    github().post(`${R}/git/refs`, { ref: 'refs/heads/freshpin/debian', sha: sha('a') }).reply(status, body);
    expect(await createBranch(makeClient(), REPO, 'freshpin/debian', sha('a'))).toBe(expected);
  });

  it('throws other 422s', async () => {
    github().post(`${R}/git/refs`).reply(422, { message: 'Object does not exist' });
    await expect(createBranch(makeClient(), REPO, 'x', sha('a'))).rejects.toMatchObject({ kind: 'unprocessable' });
  });
});

describe('moveBranch and deleteBranch', () => {
  it('moves with force', async () => {
    github().patch(`${R}/git/refs/heads%2Ffreshpin%2Fdebian`, { sha: sha('b'), force: true }).reply(200, { ref: 'refs/heads/freshpin/debian', object: { sha: sha('b') } });
    await moveBranch(makeClient(), REPO, 'freshpin/debian', sha('b'), { force: true });
  });

  it('reports a refused fast-forward as unprocessable', async () => {
    github().patch(`${R}/git/refs/heads%2Fx`).reply(422, { message: 'Update is not a fast forward' });
    await expect(moveBranch(makeClient(), REPO, 'x', sha('b'), { force: false })).rejects.toMatchObject({ kind: 'unprocessable', message: expect.stringContaining('not a fast forward') });
  });

  it.each([
    [204, {}, 'deleted'],
    [422, { message: 'Reference does not exist' }, 'missing'],
    [404, { message: 'Not Found' }, 'missing'],
  ] as const)('delete answered %i → %s', async (status, body, expected) => {
    github().delete(`${R}/git/refs/heads%2Fx`).reply(status, body);
    expect(await deleteBranch(makeClient(), REPO, 'x')).toBe(expected);
  });
});

describe('listBranchCommits', () => {
  const commit = (s: string, author: string | null, committer: string | null, verified: boolean) => ({
    sha: s,
    author: author === null ? null : { login: author, type: author.endsWith('[bot]') ? 'Bot' : 'User' },
    committer: committer === null ? null : { login: committer, type: 'User' },
    commit: { message: `commit ${s.slice(0, 1)}`, author: { name: 'x' }, verification: { verified, reason: verified ? 'valid' : 'unsigned' } },
  });

  it('maps commits from the compare API', async () => {
    github()
      .get(`${R}/compare/main...freshpin%2Fdebian`)
      .query({ per_page: '100', page: '1' })
      .reply(200, { status: 'ahead', ahead_by: 2, total_commits: 2, commits: [commit(sha('1'), APP_LOGIN, 'web-flow', true), commit(sha('2'), null, null, false)] });
    expect(await listBranchCommits(makeClient(), REPO, 'main', 'freshpin/debian')).toEqual([
      { sha: sha('1'), authorLogin: APP_LOGIN, committerLogin: 'web-flow', authorType: 'Bot', verified: true, message: 'commit 1' },
      { sha: sha('2'), verified: false, message: 'commit 2' },
    ]);
  });

  it('pages through long comparisons', async () => {
    const many = Array.from({ length: 100 }, (_, i) => commit(String(i).padStart(40, '0'), APP_LOGIN, APP_LOGIN, true));
    github().get(`${R}/compare/main...x`).query({ per_page: '100', page: '1' }).reply(200, { total_commits: 101, commits: many });
    github().get(`${R}/compare/main...x`).query({ per_page: '100', page: '2' }).reply(200, { total_commits: 101, commits: [commit(sha('f'), APP_LOGIN, APP_LOGIN, true)] });
    expect(await listBranchCommits(makeClient(), REPO, 'main', 'x')).toHaveLength(101);
  });
});

describe('isOnlyAuthoredBy', () => {
  const c = (authorLogin?: string, committerLogin?: string): BranchCommit => ({ sha: sha('1'), verified: true, message: 'm', ...(authorLogin ? { authorLogin } : {}), ...(committerLogin ? { committerLogin } : {}) });
  it.each([
    [[c(APP_LOGIN, 'web-flow'), c(APP_LOGIN, APP_LOGIN)], true],
    [[], true],
    [[c(APP_LOGIN, 'web-flow'), c('octocat', 'web-flow')], false],
    [[c(APP_LOGIN, 'octocat')], false],
    [[c(undefined, undefined)], false],
  ])('%j → %s', (commits, expected) => {
    expect(isOnlyAuthoredBy(commits, APP_LOGIN)).toBe(expected);
  });
});
