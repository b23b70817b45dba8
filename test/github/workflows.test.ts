import { describe, expect, it } from 'vitest';
import { dispatchWorkflow, findLatestSuccessfulRun, getWorkflowRun, listRunsForHeadSha } from '../../src/github/workflows.ts';
import { github, makeClient, REPO, sha } from './make-client.ts';

const R = '/repos/octo-org/octo-repo';
const WF = `${R}/actions/workflows/freshpin-check.yml`;

const run = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: 'freshpin check',
  workflow_id: 77,
  event: 'workflow_dispatch',
  status: 'completed',
  conclusion: 'success',
  head_sha: sha('h'),
  head_branch: 'freshpin/debian',
  html_url: `https://github.com/octo-org/octo-repo/actions/runs/${id}`,
  created_at: '2025-06-01T00:00:00Z',
  run_attempt: 1,
  ...extra,
});

describe('dispatchWorkflow', () => {
  const input = { workflow: 'freshpin-check.yml', gitRef: 'freshpin/debian', inputs: { pins: 'debian' } };

  it('returns the run details GitHub answers with', async () => {
    github()
      .post(`${WF}/dispatches`, { ref: 'freshpin/debian', inputs: { pins: 'debian' }, return_run_details: true })
      .reply(200, { workflow_run_id: 42, run_url: `https://api.github.com${R}/actions/runs/42`, html_url: 'https://github.com/octo-org/octo-repo/actions/runs/42' });
    expect(await dispatchWorkflow(makeClient(), REPO, input)).toEqual({ status: 'dispatched', runId: 42, htmlUrl: 'https://github.com/octo-org/octo-repo/actions/runs/42' });
  });

  it('reports a missing workflow', async () => {
    github().post(`${WF}/dispatches`).reply(404, { message: 'Not Found' });
    expect(await dispatchWorkflow(makeClient(), REPO, input)).toEqual({ status: 'missing-workflow' });
  });

  it.each([
    [422, { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' }],
    [400, { message: 'Invalid request', errors: ['return_run_details is not a permitted key'] }],
  ])('falls back to the plain dispatch when the server rejects the field (%i) and finds the new run', async (status, body) => {
    const runsQuery = { branch: 'freshpin/debian', event: 'workflow_dispatch', head_sha: sha('h'), per_page: '20' };
    github().post(`${WF}/dispatches`, (b: Record<string, unknown>) => b.return_run_details === true).reply(status, body);
    github().get(`${WF}/runs`).query(runsQuery).reply(200, { total_count: 1, workflow_runs: [run(1)] });
    github()
      .post(`${WF}/dispatches`, (b: Record<string, unknown>) => {
        expect(b).toEqual({ ref: 'freshpin/debian', inputs: { pins: 'debian' } });
        return true;
      })
      .reply(204);
    github().get(`${WF}/runs`).query(runsQuery).reply(200, { total_count: 1, workflow_runs: [run(1)] });
    github().get(`${WF}/runs`).query(runsQuery).reply(200, { total_count: 2, workflow_runs: [run(2, { status: 'queued', conclusion: null }), run(1)] });
    const sleeps: number[] = [];
    const result = await dispatchWorkflow(makeClient(), REPO, { ...input, headSha: sha('h'), sleep: async (ms) => void sleeps.push(ms), pollIntervalMs: 10 });
    expect(result).toEqual({ status: 'dispatched', runId: 2, htmlUrl: 'https://github.com/octo-org/octo-repo/actions/runs/2' });
    expect(sleeps).toEqual([10, 10]);
  });

  it('gives up the run search after pollAttempts, still dispatched', async () => {
    github().post(`${WF}/dispatches`).reply(422, { message: '"return_run_details" is not a permitted key.' });
    github().get(`${WF}/runs`).query(true).times(3).reply(200, { total_count: 0, workflow_runs: [] });
    github().post(`${WF}/dispatches`).reply(204);
    const result = await dispatchWorkflow(makeClient(), REPO, { ...input, sleep: async () => {}, pollAttempts: 2 });
    expect(result).toEqual({ status: 'dispatched' });
  });

  it('accepts a 204 from a server that ignores the field', async () => {
    github().post(`${WF}/dispatches`).reply(204);
    expect(await dispatchWorkflow(makeClient(), REPO, input)).toEqual({ status: 'dispatched' });
  });

  it('throws other refusals', async () => {
    github().post(`${WF}/dispatches`).reply(422, { message: "Workflow does not have 'workflow_dispatch' trigger" });
    await expect(dispatchWorkflow(makeClient(), REPO, input)).rejects.toMatchObject({ kind: 'unprocessable' });
  });
});

describe('reading runs', () => {
  it('gets a run, undefined when gone', async () => {
    github().get(`${R}/actions/runs/5`).reply(200, run(5));
    github().get(`${R}/actions/runs/6`).reply(404, { message: 'Not Found' });
    expect(await getWorkflowRun(makeClient(), REPO, 5)).toEqual({
      id: 5,
      workflowId: 77,
      name: 'freshpin check',
      event: 'workflow_dispatch',
      status: 'completed',
      conclusion: 'success',
      headSha: sha('h'),
      headBranch: 'freshpin/debian',
      htmlUrl: 'https://github.com/octo-org/octo-repo/actions/runs/5',
      createdAt: '2025-06-01T00:00:00Z',
      runAttempt: 1,
    });
    expect(await getWorkflowRun(makeClient(), REPO, 6)).toBeUndefined();
  });

  it.each([
    [200, { total_count: 1, workflow_runs: [run(9, { head_branch: 'main', head_repository: { full_name: 'octo-org/octo-repo' } })] }, 9],
    [200, { total_count: 1, workflow_runs: [run(9, { head_branch: 'main' })] }, undefined],
    [200, { total_count: 0, workflow_runs: [] }, undefined],
    [404, { message: 'Not Found' }, undefined],
  ])('finds the latest successful run (%i)', async (status, body, id) => {
    github().get(`${WF}/runs`).query({ branch: 'main', status: 'success', per_page: '20' }).reply(status, body);
    expect((await findLatestSuccessfulRun(makeClient(), REPO, 'freshpin-check.yml', 'main'))?.id).toBe(id);
  });

  it('lists runs for a head SHA, of all workflows or of one', async () => {
    github().get(`${R}/actions/runs`).query({ head_sha: sha('h'), per_page: '100' }).reply(200, { total_count: 2, workflow_runs: [run(2), run(1, { head_branch: null })] });
    github().get(`${WF}/runs`).query({ head_sha: sha('h'), per_page: '100' }).reply(200, { total_count: 1, workflow_runs: [run(2)] });
    expect((await listRunsForHeadSha(makeClient(), REPO, sha('h'))).map((r) => [r.id, r.headBranch])).toEqual([
      [2, 'freshpin/debian'],
      [1, null],
    ]);
    expect(await listRunsForHeadSha(makeClient(), REPO, sha('h'), { workflow: 'freshpin-check.yml' })).toHaveLength(1);
  });
});
