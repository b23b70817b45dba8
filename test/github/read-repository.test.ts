import { describe, expect, it } from 'vitest';
import { getBranchHead, getRepository, listTreePaths, readTextFile } from '../../src/github/read-repository.ts';
import { github, makeClient, REPO, sha } from './make-client.ts';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('getRepository', () => {
  it('reads the default branch and flags', async () => {
    github().get('/repos/octo-org/octo-repo').reply(200, { id: 1, full_name: 'octo-org/octo-repo', default_branch: 'trunk', archived: true, fork: false, private: true });
    expect(await getRepository(makeClient(), REPO)).toEqual({ defaultBranch: 'trunk', archived: true, fork: false, private: true });
  });

  it('throws a typed not-found', async () => {
    github().get('/repos/octo-org/octo-repo').reply(404, { message: 'Not Found' });
    await expect(getRepository(makeClient(), REPO)).rejects.toMatchObject({ name: 'GitHubError', kind: 'not-found' });
  });

  it('throws a response error on a body without default_branch', async () => {
    github().get('/repos/octo-org/octo-repo').reply(200, { id: 1 });
    await expect(getRepository(makeClient(), REPO)).rejects.toMatchObject({ name: 'GitHubResponseError' });
  });
});

describe('getBranchHead', () => {
  it('returns the head SHA of a branch with slashes', async () => {
    github()
      .get('/repos/octo-org/octo-repo/git/ref/heads%2Ffreshpin%2Fdebian')
      .reply(200, { ref: 'refs/heads/freshpin/debian', object: { sha: sha('a'), type: 'commit' } });
    expect(await getBranchHead(makeClient(), REPO, 'freshpin/debian')).toBe(sha('a'));
  });

  it('returns undefined for a missing branch', async () => {
    github().get('/repos/octo-org/octo-repo/git/ref/heads%2Fgone').reply(404, { message: 'Not Found' });
    expect(await getBranchHead(makeClient(), REPO, 'gone')).toBeUndefined();
  });
});

describe('listTreePaths', () => {
  it.each([false, true])('lists blob paths (truncated %s)', async (truncated) => {
    github()
      .get(`/repos/octo-org/octo-repo/git/trees/${sha('c')}`)
      .query({ recursive: '1' })
      .reply(200, {
        sha: sha('c'),
        tree: [
          { path: 'Dockerfile', mode: '100644', type: 'blob', sha: sha('1'), size: 30 },
          { path: 'images', mode: '040000', type: 'tree', sha: sha('2') },
          { path: 'images/base/Dockerfile', mode: '100644', type: 'blob', sha: sha('3'), size: 10 },
          { path: 'vendor/lib', mode: '160000', type: 'commit', sha: sha('4') },
        ],
        truncated,
      });
    expect(await listTreePaths(makeClient(), REPO, sha('c'))).toEqual({ paths: ['Dockerfile', 'images/base/Dockerfile'], truncated });
  });
});

describe('readTextFile', () => {
  const path = '/repos/octo-org/octo-repo/contents/images%2Fbase%2FDockerfile';

  it('decodes a base64 file (with GitHub line breaks)', async () => {
    const text = 'ARG BASE=debian:bullseye-20250520-slim\nFROM ${BASE}\n';
    const encoded = base64(text).replace(/(.{20})/g, '$1\n');
    github().get(path).query({ ref: 'main' }).reply(200, { type: 'file', encoding: 'base64', size: text.length, name: 'Dockerfile', path: 'images/base/Dockerfile', content: encoded, sha: sha('d') });
    expect(await readTextFile(makeClient(), REPO, 'main', 'images/base/Dockerfile')).toBe(text);
  });

  it.each([
    ['missing', 404, { message: 'Not Found' }],
    ['a directory', 200, [{ type: 'file', name: 'Dockerfile', path: 'images/base/Dockerfile/x', sha: sha('e') }]],
    ['a symlink', 200, { type: 'symlink', target: '../Dockerfile', sha: sha('f'), path: 'images/base/Dockerfile' }],
    ['a submodule', 200, { type: 'submodule', submodule_git_url: 'https://github.com/o/x.git', sha: sha('f'), path: 'images/base/Dockerfile' }],
  ])('returns undefined when the path is %s', async (_name, status, body) => {
    github().get(path).query({ ref: 'main' }).reply(status, body);
    expect(await readTextFile(makeClient(), REPO, 'main', 'images/base/Dockerfile')).toBeUndefined();
  });

  it('reads a file over 1 MB through the blob API', async () => {
    const text = 'FROM debian\n'.repeat(3);
    github().get(path).query({ ref: 'main' }).reply(200, { type: 'file', encoding: 'none', size: 2_000_000, content: '', sha: sha('b'), path: 'images/base/Dockerfile' });
    github().get(`/repos/octo-org/octo-repo/git/blobs/${sha('b')}`).reply(200, { sha: sha('b'), size: text.length, content: base64(text), encoding: 'base64' });
    expect(await readTextFile(makeClient(), REPO, 'main', 'images/base/Dockerfile')).toBe(text);
  });

  it('throws a typed error for a 500', async () => {
    github().get(path).query({ ref: 'main' }).reply(500, { message: 'Server Error' });
    await expect(readTextFile(makeClient(), REPO, 'main', 'images/base/Dockerfile')).rejects.toMatchObject({ kind: 'unavailable', status: 500 });
  });
});
