import { describe, expect, it } from 'vitest';
import { getAppIdentity, listInstallationRepositories } from '../../src/github/installations.ts';
import { github, makeClient } from './make-client.ts';

const repository = (id: number, owner: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  node_id: 'R_x',
  name,
  full_name: `${owner}/${name}`,
  owner: { login: owner, id: 1, type: 'Organization' },
  private: false,
  fork: false,
  archived: false,
  default_branch: 'main',
  ...extra,
});

describe('listInstallationRepositories', () => {
  it('pages through the installation’s repositories', async () => {
    github()
      .get('/installation/repositories')
      .query({ per_page: '100' })
      .reply(200, { total_count: 2, repository_selection: 'selected', repositories: [repository(1, 'octo-org', 'a', { private: true })] }, {
        link: '<https://api.github.com/installation/repositories?per_page=100&page=2>; rel="next"',
      });
    github()
      .get('/installation/repositories')
      .query({ per_page: '100', page: '2' })
      .reply(200, { total_count: 2, repository_selection: 'selected', repositories: [repository(2, 'octo-org', 'b', { archived: true, default_branch: 'trunk' })] });
    expect(await listInstallationRepositories(makeClient())).toEqual([
      { owner: 'octo-org', repo: 'a', id: 1, nodeId: 'R_x', fullName: 'octo-org/a', defaultBranch: 'main', archived: false, fork: false, private: true },
      { owner: 'octo-org', repo: 'b', id: 2, nodeId: 'R_x', fullName: 'octo-org/b', defaultBranch: 'trunk', archived: true, fork: false, private: false },
    ]);
  });
});

describe('getAppIdentity', () => {
  it('derives the bot login from the slug', async () => {
    github().get('/app').reply(200, { id: 99, slug: 'freshpin', name: 'freshpin', owner: { login: 'octo-org' } });
    expect(await getAppIdentity(makeClient())).toEqual({ id: 99, slug: 'freshpin', botLogin: 'freshpin[bot]' });
  });

  it('throws a typed error without app authentication', async () => {
    github().get('/app').reply(401, { message: 'A JSON web token could not be decoded' });
    await expect(getAppIdentity(makeClient())).rejects.toMatchObject({ kind: 'forbidden', status: 401 });
  });
});
