import { describe, expect, it } from 'vitest';
import { applyPullMetadata, closePull, createPull, findOpenPullByBranch, getPull, listPullsByBranchPrefix, mergePull, updatePull } from '../../src/github/pull-requests.ts';
import { APP_LOGIN, github, makeClient, REPO, sha } from './make-client.ts';
import { pullPayload } from './pull-fixtures.ts';

const R = '/repos/octo-org/octo-repo';

describe('findOpenPullByBranch', () => {
  it('finds by owner:branch', async () => {
    github().get(`${R}/pulls`).query({ state: 'open', head: 'octo-org:freshpin/debian', per_page: '10' }).reply(200, [pullPayload({ number: 7 })]);
    expect(await findOpenPullByBranch(makeClient(), REPO, 'octo-org', 'freshpin/debian')).toMatchObject({ number: 7, headRef: 'freshpin/debian', authorLogin: APP_LOGIN, labels: ['dependencies'] });
  });

  it('returns undefined when none is open', async () => {
    github().get(`${R}/pulls`).query(true).reply(200, []);
    expect(await findOpenPullByBranch(makeClient(), REPO, 'octo-org', 'freshpin/x')).toBeUndefined();
  });
});

describe('listPullsByBranchPrefix', () => {
  it('pages through, keeping only the app’s pulls on the prefix', async () => {
    const firstPage = [pullPayload({ number: 1 }), pullPayload({ number: 2, login: 'octocat' }), pullPayload({ number: 3, headRef: 'feature/x' })];
    github()
      .get(`${R}/pulls`)
      .query({ state: 'closed', per_page: '100' })
      .reply(200, firstPage, { link: '<https://api.github.com/repositories/1/pulls?state=closed&per_page=100&page=2>; rel="next"' });
    github()
      .get('/repositories/1/pulls')
      .query({ state: 'closed', per_page: '100', page: '2' })
      .reply(200, [pullPayload({ number: 4, headRef: 'freshpin/alpine', state: 'closed', merged_at: '2025-06-03T00:00:00Z' })]);
    const pulls = await listPullsByBranchPrefix(makeClient(), REPO, 'freshpin/', 'closed', APP_LOGIN);
    expect(pulls.map((pull) => [pull.number, pull.merged])).toEqual([
      [1, false],
      [4, true],
    ]);
  });

  it('stops at maxPages', async () => {
    github()
      .get(`${R}/pulls`)
      .query({ state: 'all', per_page: '100' })
      .reply(200, [pullPayload({ number: 1 })], { link: '<https://api.github.com/repositories/1/pulls?state=all&per_page=100&page=2>; rel="next"' });
    expect(await listPullsByBranchPrefix(makeClient(), REPO, 'freshpin/', 'all', APP_LOGIN, { maxPages: 1 })).toHaveLength(1);
  });
});

describe('createPull', () => {
  const input = { head: 'freshpin/debian', base: 'main', title: 'Bump debian', body: 'b' };

  it('creates', async () => {
    github().post(`${R}/pulls`, input).reply(201, pullPayload({ number: 12 }));
    expect(await createPull(makeClient(), REPO, input)).toEqual({ number: 12, created: true });
  });

  it('adopts the pull request that already exists (422)', async () => {
    github()
      .post(`${R}/pulls`)
      .reply(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for octo-org:freshpin/debian.' }],
        documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        status: '422',
      });
    github().get(`${R}/pulls`).query({ state: 'open', head: 'octo-org:freshpin/debian', per_page: '10' }).reply(200, [pullPayload({ number: 9 })]);
    expect(await createPull(makeClient(), REPO, input)).toEqual({ number: 9, created: false });
  });

  it('throws other 422s (no commits between)', async () => {
    github()
      .post(`${R}/pulls`)
      .reply(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between main and freshpin/debian' }] });
    await expect(createPull(makeClient(), REPO, input)).rejects.toMatchObject({ kind: 'unprocessable', failure: { details: ['No commits between main and freshpin/debian'] } });
  });
});

describe('updatePull, closePull, getPull', () => {
  it('updates title and body', async () => {
    github().patch(`${R}/pulls/5`, { title: 't', body: 'b' }).reply(200, pullPayload({ number: 5 }));
    await updatePull(makeClient(), REPO, 5, { title: 't', body: 'b' });
  });

  it('comments, then closes', async () => {
    github().post(`${R}/issues/5/comments`, { body: 'Superseded by #6' }).reply(201, { id: 1, body: 'Superseded by #6' });
    github().patch(`${R}/pulls/5`, { state: 'closed' }).reply(200, pullPayload({ number: 5, state: 'closed' }));
    await closePull(makeClient(), REPO, 5, 'Superseded by #6');
  });

  it('reads a pull', async () => {
    github().get(`${R}/pulls/5`).reply(200, pullPayload({ number: 5, mergeable: true, body: null }));
    expect(await getPull(makeClient(), REPO, 5)).toEqual({
      number: 5,
      state: 'open',
      merged: false,
      mergeable: true,
      headSha: sha('h'),
      headRef: 'freshpin/debian',
      baseRef: 'main',
      body: '',
      labels: ['dependencies'],
      authorLogin: APP_LOGIN,
      headRepoFullName: 'octo-org/octo-repo',
    });
  });
});

describe('mergePull', () => {
  it('merges', async () => {
    github().put(`${R}/pulls/5/merge`, { sha: sha('h'), merge_method: 'squash', commit_title: 'Bump (#5)' }).reply(200, { sha: sha('m'), merged: true, message: 'Pull Request successfully merged' });
    expect(await mergePull(makeClient(), REPO, 5, { sha: sha('h'), method: 'squash', title: 'Bump (#5)' })).toEqual({ merged: true, sha: sha('m') });
  });

  it.each([
    [405, { message: 'Pull Request is not mergeable' }, 'not-mergeable'],
    [409, { message: 'Head branch was modified. Review and try the merge again.' }, 'head-moved'],
    [422, { message: 'Merge commits are not allowed on this repository.' }, 'other'],
    [502, { message: 'Server Error' }, 'other'],
  ] as const)('answers %i with exactly one attempt → %s (even with retries on)', async (status, body, reason) => {
    github().put(`${R}/pulls/5/merge`).once().reply(status, body);
    const { ProbotOctokit } = await import('probot');
    const retrying = new ProbotOctokit({ auth: { token: 't' }, retry: { enabled: true, retryAfterBaseValue: 1 }, throttle: { enabled: false } });
    const result = await mergePull(retrying, REPO, 5, { sha: sha('h'), method: 'merge' });
    expect(result).toEqual({ merged: false, reason, message: `${status} ${body.message}` });
  });
});

describe('applyPullMetadata', () => {
  it('applies everything, splitting teams from users', async () => {
    github().post(`${R}/issues/5/labels`, { labels: ['dependencies', 'docker'] }).reply(200, [{ name: 'dependencies' }, { name: 'docker' }]);
    github().post(`${R}/pulls/5/requested_reviewers`, { reviewers: ['alice'], team_reviewers: ['platform'] }).reply(201, pullPayload({ number: 5 }));
    github().post(`${R}/issues/5/assignees`, { assignees: ['alice'] }).reply(201, { number: 5, assignees: [{ login: 'alice' }] });
    expect(await applyPullMetadata(makeClient(), REPO, 5, { labels: ['dependencies', 'docker'], reviewers: ['alice', 'octo-org/platform'], assignees: ['alice'] })).toEqual({ failures: [] });
  });

  it('collects failures instead of throwing, isolating the bad reviewer', async () => {
    const notCollaborator = { message: 'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the octo-org/octo-repo repository.' };
    github().post(`${R}/issues/5/labels`).reply(403, { message: 'Resource not accessible by integration' });
    github().post(`${R}/pulls/5/requested_reviewers`, { reviewers: ['alice', 'mallory'] }).reply(422, notCollaborator);
    github().post(`${R}/pulls/5/requested_reviewers`, { reviewers: ['alice'] }).reply(201, pullPayload({ number: 5 }));
    github().post(`${R}/pulls/5/requested_reviewers`, { reviewers: ['mallory'] }).reply(422, notCollaborator);
    github().post(`${R}/issues/5/assignees`).reply(201, { number: 5, assignees: [{ login: 'Alice' }] });
    const { failures } = await applyPullMetadata(makeClient(), REPO, 5, { labels: ['x'], reviewers: ['alice', 'mallory'], assignees: ['alice', 'bob'] });
    expect(failures).toEqual([
      { what: 'labels', message: '403 Resource not accessible by integration' },
      { what: 'reviewers', target: 'mallory', message: expect.stringContaining('422 Reviews may only be requested from collaborators') },
      { what: 'assignees', target: 'bob', message: 'bob cannot be assigned in octo-org/octo-repo' },
    ]);
  });

  it.each([
    [['alice', 'bob'], { what: 'reviewers', message: '403 Resource not accessible by integration' }],
    [['mallory'], { what: 'reviewers', target: 'mallory', message: '403 Resource not accessible by integration' }],
  ])('does not split a 403 on reviewers %j', async (reviewers, failure) => {
    github().post(`${R}/pulls/5/requested_reviewers`).once().reply(403, { message: 'Resource not accessible by integration' });
    expect(await applyPullMetadata(makeClient(), REPO, 5, { reviewers })).toEqual({ failures: [failure] });
  });

  it('does nothing for empty metadata', async () => {
    expect(await applyPullMetadata(makeClient(), REPO, 5, {})).toEqual({ failures: [] });
  });
});
