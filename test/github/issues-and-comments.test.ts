import { describe, expect, it } from 'vitest';
import { addReaction, findMarkedIssue, MAX_LISTED_COMMENTS, listComments, postComment, upsertMarkedComment, upsertMarkedIssue } from '../../src/github/issues-and-comments.ts';
import { APP_LOGIN, github, makeClient, REPO } from './make-client.ts';

const R = '/repos/octo-org/octo-repo';
const comment = (id: number, login: string, body: string) => ({
  id,
  node_id: 'IC_x',
  html_url: `https://github.com/octo-org/octo-repo/pull/5#issuecomment-${id}`,
  body,
  user: { login, id: 9, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
  created_at: '2025-06-01T00:00:00Z',
  updated_at: '2025-06-01T00:00:00Z',
  author_association: 'NONE',
});

describe('upsertMarkedComment', () => {
  const body = '<!-- freshpin:status -->\nAll pins fresh.';

  it('creates when only a look-alike comment by another user exists', async () => {
    github()
      .get(`${R}/issues/5/comments`)
      .query({ per_page: '100' })
      .reply(200, [comment(1, 'mallory', body), comment(2, APP_LOGIN, '<!-- freshpin:other -->\nx')]);
    github().post(`${R}/issues/5/comments`, { body }).reply(201, comment(3, APP_LOGIN, body));
    expect(await upsertMarkedComment(makeClient(), REPO, 5, { markerKind: 'status', body, appLogin: APP_LOGIN })).toEqual({ id: 3, action: 'created' });
  });

  it('leaves an unchanged comment alone (no PATCH)', async () => {
    github().get(`${R}/issues/5/comments`).query(true).reply(200, [comment(1, 'mallory', body), comment(4, APP_LOGIN, body.replace('\n', '\r\n'))]);
    expect(await upsertMarkedComment(makeClient(), REPO, 5, { markerKind: 'status', body, appLogin: APP_LOGIN })).toEqual({ id: 4, action: 'unchanged' });
  });

  it('updates the app’s own comment when the body changed, never the look-alike', async () => {
    github().get(`${R}/issues/5/comments`).query(true).reply(200, [comment(1, 'mallory', body), comment(4, APP_LOGIN, '<!-- freshpin:status -->\nOld.')]);
    github().patch(`${R}/issues/comments/4`, { body }).reply(200, comment(4, APP_LOGIN, body));
    expect(await upsertMarkedComment(makeClient(), REPO, 5, { markerKind: 'status', body, appLogin: APP_LOGIN })).toEqual({ id: 4, action: 'updated' });
  });

  it('prepends the marker when the body lacks it', async () => {
    github().get(`${R}/issues/5/comments`).query(true).reply(200, []);
    github().post(`${R}/issues/5/comments`, { body: '<!-- freshpin:status -->\nHello' }).reply(201, comment(8, APP_LOGIN, 'x'));
    expect(await upsertMarkedComment(makeClient(), REPO, 5, { markerKind: 'status', body: 'Hello', appLogin: APP_LOGIN })).toEqual({ id: 8, action: 'created' });
  });
});

describe('listComments, postComment, addReaction', () => {
  it('lists comments across pages', async () => {
    github()
      .get(`${R}/issues/5/comments`)
      .query({ per_page: '100' })
      .reply(200, [comment(1, 'alice', 'a')], { link: `<https://api.github.com${R}/issues/5/comments?per_page=100&page=2>; rel="next"` });
    github().get(`${R}/issues/5/comments`).query({ per_page: '100', page: '2' }).reply(200, [comment(2, APP_LOGIN, 'b')]);
    const comments = await listComments(makeClient(), REPO, 5);
    expect(comments.map((c) => [c.id, c.authorLogin, c.authorType])).toEqual([
      [1, 'alice', 'User'],
      [2, APP_LOGIN, 'Bot'],
    ]);
  });

  it(`stops listing after ${MAX_LISTED_COMMENTS} comments (a flooded PR is not read whole)`, async () => {
    const pages = MAX_LISTED_COMMENTS / 100;
    for (let page = 1; page <= pages; page += 1) {
      const query = page === 1 ? { per_page: '100' } : { per_page: '100', page: String(page) };
      github()
        .get(`${R}/issues/5/comments`)
        .query(query)
        .reply(200, Array.from({ length: 100 }, (_, i) => comment(page * 1000 + i, 'mallory', 'x')), { link: `<https://api.github.com${R}/issues/5/comments?per_page=100&page=${page + 1}>; rel="next"` });
    }
    // Page 31 exists, but is never asked for (nock would fail the test on an unexpected request).
    expect(await listComments(makeClient(), REPO, 5)).toHaveLength(MAX_LISTED_COMMENTS);
  });

  it('posts a comment', async () => {
    github().post(`${R}/issues/5/comments`, { body: 'hi' }).reply(201, comment(6, APP_LOGIN, 'hi'));
    expect(await postComment(makeClient(), REPO, 5, 'hi')).toEqual({ id: 6, htmlUrl: 'https://github.com/octo-org/octo-repo/pull/5#issuecomment-6' });
  });

  it.each([200, 201])('reacts (answered %i)', async (status) => {
    github().post(`${R}/issues/comments/6/reactions`, { content: 'eyes' }).reply(status, { id: 1, content: 'eyes', user: { login: APP_LOGIN } });
    await addReaction(makeClient(), REPO, 6, 'eyes');
  });
});

describe('marked issues', () => {
  const issue = (number: number, login: string, body: string, extra: Record<string, unknown> = {}) => ({
    number,
    title: 'freshpin dashboard',
    body,
    state: 'open',
    user: { login, type: 'Bot' },
    labels: [{ name: 'freshpin' }],
    ...extra,
  });
  const dashboard = '<!-- freshpin:dashboard -->\n## Pins';

  it('finds the app’s marked issue, skipping pull requests and other authors', async () => {
    github()
      .get(`${R}/issues`)
      .query({ state: 'open', sort: 'created', direction: 'asc', per_page: '100' })
      .reply(200, [issue(1, 'mallory', dashboard), issue(2, APP_LOGIN, dashboard, { pull_request: { url: 'x' } }), issue(3, APP_LOGIN, dashboard)]);
    expect(await findMarkedIssue(makeClient(), REPO, { markerKind: 'dashboard', appLogin: APP_LOGIN })).toEqual({ number: 3, title: 'freshpin dashboard', body: dashboard, state: 'open', labels: ['freshpin'] });
  });

  it('creates the dashboard once', async () => {
    github().get(`${R}/issues`).query(true).reply(200, []);
    github().post(`${R}/issues`, { title: 'freshpin dashboard', body: dashboard, labels: ['freshpin'] }).reply(201, issue(10, APP_LOGIN, dashboard));
    expect(await upsertMarkedIssue(makeClient(), REPO, { markerKind: 'dashboard', appLogin: APP_LOGIN, title: 'freshpin dashboard', body: dashboard, labels: ['freshpin'] })).toEqual({
      number: 10,
      action: 'created',
    });
  });

  it.each([
    [dashboard, 'unchanged'],
    [`${dashboard}\n- debian`, 'updated'],
  ] as const)('PATCHes only when the body changed (%j → %s)', async (body, action) => {
    github().get(`${R}/issues`).query(true).reply(200, [issue(10, APP_LOGIN, dashboard)]);
    if (action === 'updated') github().patch(`${R}/issues/10`, { title: 'freshpin dashboard', body }).reply(200, issue(10, APP_LOGIN, body));
    expect(await upsertMarkedIssue(makeClient(), REPO, { markerKind: 'dashboard', appLogin: APP_LOGIN, title: 'freshpin dashboard', body })).toEqual({ number: 10, action });
  });
});
