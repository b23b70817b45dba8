// Issue #3, what goes wrong during a pass: a bad config, a Dockerfile that does not parse, a
// missing scan workflow, GitHub failing (5xx) or limiting (403/429 secondary limits) — each is
// reported and every other repository is still processed. And GitHub Enterprise Server's
// dispatch without run details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHarness } from '../helpers/app-harness.ts';
import { APP_LOGIN, CONFIG_TEMPLATE, readBumpPulls, readComments, readDashboard, readDashboards, readPulls, requestsFor, startAppHarness, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 41;
const OWNER = 'faulty';
const WORKER = 'FROM debian:bullseye-20250520-slim\n';

const harness = useAppHarness(INSTALLATION, OWNER, {
  setup: async (harness) => {
    // A family of its own for the tests that need a newer value later: acme/base.
    await harness.seed(['20251201', '20260101'].map((date) => ({ repository: 'acme/base', tag: `stable-${date}` })));
  },
});

const repoRef = (name: string) => ({ owner: OWNER, repo: name });

describe('bad input in one repository', () => {
  it('reports an invalid config and an unparsable Dockerfile on the dashboard and goes on with the other repositories', async () => {
    harness.addRepo({ owner: OWNER, name: 'bad-value', installationId: INSTALLATION, config: 'prConcurrentLimit: lots\n' });
    harness.addRepo({ owner: OWNER, name: 'bad-yaml', installationId: INSTALLATION, config: 'labels: [unclosed\n' });
    harness.addRepo({ owner: OWNER, name: 'bad-dockerfile', installationId: INSTALLATION, dockerfile: 'FROM\nRUN true\n', files: { 'docker/worker.Dockerfile': WORKER } });
    harness.addRepo({ owner: OWNER, name: 'good', installationId: INSTALLATION });
    const app = await harness.app();
    const summary = await app.pass();
    expect(summary).toMatchObject({ repositories: 4, failed: 0 });

    for (const name of ['bad-value', 'bad-yaml']) {
      expect(readPulls(harness.fake, repoRef(name))).toEqual([]);
      const dashboard = readDashboard(harness.fake, repoRef(name));
      expect(dashboard).toContain('Pins are not checked until the problems below are fixed.');
      expect(dashboard).toMatch(/## Problems\n\n- \.github\/freshpin\.yml is invalid: .+/);
    }
    expect(readDashboard(harness.fake, repoRef('bad-value'))).toContain('prConcurrentLimit');
    // The unparsable file is reported; the other Dockerfile of the repository is still bumped.
    expect(readDashboard(harness.fake, repoRef('bad-dockerfile'))).toMatch(/## Problems\n\n- .*FROM has no image/);
    expect(readBumpPulls(harness.fake, repoRef('bad-dockerfile')).map((pull) => pull.branch)).toEqual(['freshpin/docker-worker-dockerfile/debian']);
    expect(readBumpPulls(harness.fake, repoRef('good')).map((pull) => pull.branch)).toEqual(['freshpin/dockerfile/debian-version']);

    // Fixed: the next pass manages the repository.
    harness.fake.pushCommit({ owner: OWNER, repo: 'bad-value', branch: 'main', files: { '.github/freshpin.yml': CONFIG_TEMPLATE }, message: 'fix config', author: { login: 'alice', name: 'Alice', email: 'a@example.com' } });
    await app.pass();
    expect(readBumpPulls(harness.fake, repoRef('bad-value'))).toHaveLength(1);
    expect(readDashboard(harness.fake, repoRef('bad-value'))).not.toContain('invalid');
  });

  it('says once on the PR that the scan workflow is missing, not on every push or pass', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'no-workflow', installationId: INSTALLATION, workflow: false, dockerfile: 'FROM acme/base:stable-20251201\n' });
    const app = await harness.app();
    await app.pass();
    await harness.seed([{ repository: 'acme/base', tag: 'stable-20260201' }]);
    await app.pass();
    await app.pass();

    const [pull] = readBumpPulls(harness.fake, repo);
    expect(pull?.marker).toMatchObject({ proposed: 'stable-20260201', history: [{ proposed: 'stable-20260101' }] });
    expect(pull?.marker?.runId).toBeUndefined();
    const comments = readComments(harness.fake, repo, pull?.number ?? 0);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ author: APP_LOGIN });
    expect(comments[0]?.body).toContain('freshpin could not start the scan: the workflow `.github/workflows/freshpin-scan.yml` does not exist on this branch.');
    expect(harness.fake.runs(OWNER, 'no-workflow')).toEqual([]);
  });
});

describe('GitHub failing or limiting during a pass (retries and throttle on)', () => {
  it('retries reads after 5xx, never repeats a write blindly but retries the repository within the pass, waits out secondary limits', async () => {
    for (const name of ['flaky-read', 'failed-write', 'limited', 'healthy']) harness.addRepo({ owner: OWNER, name, installationId: INSTALLATION });
    harness.addRepo({ owner: OWNER, name: 'refused', installationId: INSTALLATION, config: `${CONFIG_TEMPLATE}\nreviewers: [not-a-collaborator]\n`.replace('reviewers: []\n', '') });
    const fake = harness.fake;
    fake.injectFault({ method: 'GET', pathPattern: /^\/repos\/faulty\/flaky-read\/git\/trees\//, status: 502, times: 2 });
    fake.injectFault({ method: 'POST', pathPattern: /^\/repos\/faulty\/failed-write\/git\/trees$/, status: 500, times: 1 });
    fake.injectFault({ method: 'GET', pathPattern: /^\/repos\/faulty\/limited\/pulls$/, status: 403, times: 1, headers: { 'retry-after': '3' } });
    fake.injectFault({ method: 'POST', pathPattern: /^\/repos\/faulty\/limited\/pulls$/, status: 429, times: 1, headers: { 'retry-after': '2' } });
    fake.injectFault({ method: 'POST', pathPattern: /^\/repos\/faulty\/limited\/issues$/, status: 403, times: 1 });
    const app = await harness.app({ resilient: true });
    const summary = await app.pass();

    // The repository whose write failed is retried within the pass (from a fresh read): no repository fails, every one has its PR.
    expect(summary).toMatchObject({ repositories: 5, failed: 0 });
    expect(app.logs.filter((record) => record.msg === 'repository check failed')).toEqual([]);
    expect(app.logs.filter((record) => record.msg === 'repository check will be retried').map((record) => [record.repo, record.attempt])).toEqual([['faulty/failed-write', 1]]);
    for (const name of ['flaky-read', 'failed-write', 'limited', 'healthy', 'refused']) {
      expect(readBumpPulls(fake, repoRef(name)).map((pull) => pull.branch), name).toEqual(['freshpin/dockerfile/debian-version']);
      expect(readDashboards(fake, repoRef(name)), name).toHaveLength(1);
    }
    expect(readPulls(fake, repoRef('failed-write'))).toHaveLength(1);

    const log = (name: string, method: string, suffix: string) =>
      requestsFor(fake.requests, repoRef(name))
        .filter((entry) => entry.method === method && entry.path.endsWith(suffix))
        .map((entry) => entry.status);
    // GETs are retried after 5xx.
    expect(requestsFor(fake.requests, repoRef('flaky-read')).filter((entry) => entry.route === '/repos/{owner}/{repo}/git/trees/{tree_sha}').map((entry) => entry.status)).toEqual([502, 502, 200]);
    // A POST that failed with 5xx may have happened: the request is not repeated, the repository's check is (once).
    expect(log('failed-write', 'POST', '/git/trees')).toEqual([500, 201]);
    // Secondary limits (403 or 429 with retry-after) are waited out, reads and writes alike.
    expect(log('limited', 'GET', '/pulls').slice(0, 2)).toEqual([403, 200]);
    expect(log('limited', 'POST', '/pulls')).toEqual([429, 201]);
    expect(log('limited', 'POST', '/issues')).toEqual([403, 201]);
    expect(app.rateLimits.map((event) => [event.kind, event.method, event.retryAfterSeconds, event.willRetry])).toEqual([
      ['secondary', 'GET', 3, true],
      ['secondary', 'POST', 2, true],
      ['secondary', 'POST', 1, true],
    ]);
    // 422 (a reviewer who is not a collaborator) is not retried; the PR is opened without them.
    expect(log('refused', 'POST', '/requested_reviewers')).toEqual([422]);
    expect(app.logs.filter((record) => record.msg === 'could not apply PR metadata').map((record) => record.repo)).toEqual(['faulty/refused']);

    // The next pass finds everything done: no second PR.
    await app.pass();
    expect(readBumpPulls(fake, repoRef('failed-write')).map((pull) => pull.branch)).toEqual(['freshpin/dockerfile/debian-version']);
  });
});

describe('GitHub Enterprise Server', () => {
  let ghes: AppHarness;

  beforeAll(async () => {
    ghes = await startAppHarness({ ghes: true, registry: harness.registry });
  });

  afterAll(async () => {
    await ghes?.stop();
  });

  it('dispatches without run details (204) and finds the run by the branch head', async () => {
    ghes.addInstallation(INSTALLATION, OWNER);
    const repo = ghes.addRepo({ owner: OWNER, name: 'on-prem', installationId: INSTALLATION });
    const app = await ghes.app();
    await app.pass();

    const [pull] = readBumpPulls(ghes.fake, repo);
    const runs = ghes.fake.runs(OWNER, 'on-prem');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ headSha: pull?.headSha, headBranch: pull?.branch });
    expect(pull?.marker).toMatchObject({ runId: runs[0]?.id, dispatchedSha: pull?.headSha });
    const dispatches = requestsFor(ghes.fake.requests, repo).filter((entry) => entry.route === '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches');
    expect(dispatches.map((entry) => entry.status)).toEqual([422, 204]);
    expect(ghes.fake.violations).toEqual([]);
  });
});
