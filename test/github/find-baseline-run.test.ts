// The scan baseline is the base branch's own run: GitHub's `branch=main&status=success` also
// returns a fork's pull-request run whose branch is named `main`, and that run must never
// become the baseline (it would let a fork set the gate that automerge follows).
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/github-client.ts';
import { findLatestSuccessfulRun } from '../../src/github/workflows.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';

const OWNER = 'octo-org';
const NAME = 'svc';
const WORKFLOW = '.github/workflows/freshpin-scan.yml';
const WORKFLOW_TEXT = 'name: freshpin scan\non:\n  push:\n  pull_request:\n  workflow_dispatch:\n';

let fake: GitHubFake;
let octokit: GitHubClient;
let head: string;

beforeAll(async () => {
  fake = await startGitHubFake();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  fake.addInstallation({ id: 5, account: OWNER });
  fake.addRepo({ owner: OWNER, name: NAME, installationId: 5, files: { Dockerfile: 'FROM debian:bookworm-20251117-slim\n', [WORKFLOW]: WORKFLOW_TEXT } });
  head = fake.branchHead(OWNER, NAME, 'main') ?? '';
  octokit = new Octokit({ baseUrl: fake.apiUrl, auth: fake.createInstallationToken(5), request: { fetch } }) as unknown as GitHubClient;
});

const run = (event: string, headRepository?: string) => fake.addRun(OWNER, NAME, { workflowPath: WORKFLOW, headBranch: 'main', headSha: head, event, conclusion: 'success', ...(headRepository === undefined ? {} : { headRepository }) });

describe('findLatestSuccessfulRun', () => {
  it('skips a newer fork run on a branch with the same name, and takes the repository’s own push run', async () => {
    const own = run('push');
    run('pull_request', 'mallory/svc');
    expect((await findLatestSuccessfulRun(octokit, { owner: OWNER, repo: NAME }, 'freshpin-scan.yml', 'main'))?.id).toBe(own);
  });

  it.each([
    ['a fork pull_request run', 'pull_request', 'mallory/svc'],
    ['a fork pull_request_target run', 'pull_request_target', 'mallory/svc'],
    ['a fork run that claims a push event', 'push', 'mallory/svc'],
    ['the repository’s own pull_request run', 'pull_request', undefined],
  ])('finds no baseline when the only run is %s', async (_name, event, fork) => {
    run(event, fork);
    expect(await findLatestSuccessfulRun(octokit, { owner: OWNER, repo: NAME }, 'freshpin-scan.yml', 'main')).toBeUndefined();
  });

  it.each(['push', 'schedule', 'workflow_dispatch'])('takes the repository’s own %s run', async (event) => {
    const own = run(event);
    expect((await findLatestSuccessfulRun(octokit, { owner: OWNER, repo: NAME }, 'freshpin-scan.yml', 'main'))?.id).toBe(own);
  });
});
