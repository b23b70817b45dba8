import { describe, expect, it } from 'vitest';
import { CHECK_OUTPUT_LIMIT, listCheckRuns, upsertCheckRun } from '../../src/github/check-runs.ts';
import { github, makeClient, REPO, sha } from './make-client.ts';

const R = '/repos/octo-org/octo-repo';
const checkRun = (id: number, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  head_sha: sha('h'),
  node_id: 'CR_x',
  external_id: '',
  url: `https://api.github.com${R}/check-runs/${id}`,
  html_url: `https://github.com/octo-org/octo-repo/runs/${id}`,
  details_url: 'https://example.com',
  status: 'completed',
  conclusion: 'success',
  started_at: '2025-06-01T00:00:00Z',
  completed_at: '2025-06-01T00:01:00Z',
  output: { title: 't', summary: 's', text: null, annotations_count: 0, annotations_url: 'x' },
  name,
  check_suite: { id: 5 },
  app: { id: 1, slug: 'freshpin', name: 'freshpin' },
  pull_requests: [],
  ...extra,
});

const input = { name: 'freshpin', headSha: sha('h'), status: 'completed' as const, conclusion: 'success' as const, title: 'All pins fresh', summary: 'Nothing to do.' };
const listQuery = { check_name: 'freshpin', filter: 'latest', per_page: '100' };

describe('upsertCheckRun', () => {
  it('creates when no run of that name is on the commit', async () => {
    github().get(`${R}/commits/${sha('h')}/check-runs`).query(listQuery).reply(200, { total_count: 0, check_runs: [] });
    github()
      .post(`${R}/check-runs`, {
        name: 'freshpin',
        head_sha: sha('h'),
        status: 'completed',
        conclusion: 'success',
        output: { title: 'All pins fresh', summary: 'Nothing to do.' },
        details_url: 'https://example.com/d',
        external_id: 'cycle-1',
      })
      .reply(201, checkRun(10, 'freshpin'));
    expect(await upsertCheckRun(makeClient(), REPO, { ...input, detailsUrl: 'https://example.com/d', externalId: 'cycle-1' })).toEqual({ id: 10, action: 'created' });
  });

  it('updates the existing run in place', async () => {
    github().get(`${R}/commits/${sha('h')}/check-runs`).query({ ...listQuery, app_id: '1' }).reply(200, { total_count: 1, check_runs: [checkRun(11, 'freshpin', { status: 'in_progress', conclusion: null })] });
    github()
      .patch(`${R}/check-runs/11`, { status: 'completed', conclusion: 'success', output: { title: 'All pins fresh', summary: 'Nothing to do.', text: 'details' } })
      .reply(200, checkRun(11, 'freshpin'));
    expect(await upsertCheckRun(makeClient(), REPO, { ...input, text: 'details', appId: 1 })).toEqual({ id: 11, action: 'updated' });
  });

  it('cuts an over-long summary to the limit', async () => {
    github().get(`${R}/commits/${sha('h')}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    github()
      .post(`${R}/check-runs`, (body: { output: { summary: string } }) => body.output.summary.length === CHECK_OUTPUT_LIMIT)
      .reply(201, checkRun(12, 'freshpin'));
    await upsertCheckRun(makeClient(), REPO, { ...input, summary: 'x'.repeat(70_000) });
  });
});

describe('listCheckRuns', () => {
  it('maps check runs', async () => {
    github()
      .get(`${R}/commits/${sha('h')}/check-runs`)
      .query({ filter: 'latest', per_page: '100' })
      .reply(200, { total_count: 1, check_runs: [checkRun(13, 'build', { external_id: 'x1', conclusion: null, status: 'queued', app: { slug: 'github-actions' } })] });
    expect(await listCheckRuns(makeClient(), REPO, sha('h'))).toEqual([
      {
        id: 13,
        name: 'build',
        headSha: sha('h'),
        status: 'queued',
        conclusion: null,
        appSlug: 'github-actions',
        externalId: 'x1',
        detailsUrl: 'https://example.com',
        htmlUrl: 'https://github.com/octo-org/octo-repo/runs/13',
      },
    ]);
  });
});
