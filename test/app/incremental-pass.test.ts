// Issue #15: incremental passes. A pass probes every indexed repository with one GraphQL query
// per ≤100 repositories and runs a full job only where something changed (head, freshpin's
// PRs, a family's tags) or where the index knows nothing. These tests run against the honest
// fake: ETags bound to the token, tokens minted anew by each instance (a new process).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/key-value-store.ts';
import { CONFIG_TEMPLATE, countedLines, HUMAN, installationApi, readBumpPulls, readDashboard, requestsFor, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 71;
const OWNER = 'thrifty';
const UP_TO_DATE = 'FROM debian:trixie-20251117-slim\n';

const harness = useAppHarness(INSTALLATION, OWNER);

type Payload = Record<string, unknown>;
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Payload[] }>;

/** GitHub's example push, made a push of README to \`branch\` of OWNER/\`name\` (default branch main). */
function pushPayload(name: string, branch: string): Payload {
  const payload = structuredClone(examples.find((entry) => entry.name === 'push')?.examples[0]) as Payload & { repository: Record<string, unknown>; commits: Array<Record<string, unknown>> };
  payload.ref = `refs/heads/${branch}`;
  payload.deleted = false;
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzE=' };
  payload.repository = { ...payload.repository, name, full_name: `${OWNER}/${name}`, default_branch: 'main', owner: { ...(payload.repository.owner as object), login: OWNER, name: OWNER } };
  payload.commits = [{ ...payload.commits[0], added: [], removed: [], modified: ['README'] }];
  return payload;
}

function seedRepos() {
  return [
    harness.addRepo({ owner: OWNER, name: 'bumped', installationId: INSTALLATION }),
    harness.addRepo({ owner: OWNER, name: 'current', installationId: INSTALLATION, dockerfile: UP_TO_DATE }),
    harness.addRepo({ owner: OWNER, name: 'invalid', installationId: INSTALLATION, config: 'minimumAge: soon\n' }),
    harness.addRepo({ owner: OWNER, name: 'onboarding', installationId: INSTALLATION, config: null }),
  ];
}

describe('an incremental pass', () => {
  it('costs unchanged repositories zero REST requests, across a token rollover (a new instance, fresh tokens)', async () => {
    const repos = seedRepos();
    const store = createMemoryStore();
    const first = await harness.app({ store });
    await first.pass();
    expect(readBumpPulls(harness.fake, repos[0]!)).toHaveLength(1);

    harness.fake.clearLog();
    const second = await harness.app({ store });
    const summary = await second.pass({ mode: 'incremental' });
    for (const repo of repos) expect(requestsFor(harness.fake.requests, repo), repo.repo).toEqual([]);
    expect(summary).toMatchObject({ repositories: 0, unchanged: repos.length, probes: 1, probeCost: 1, failed: 0 });
    const counted = countedLines(harness.fake.requests);
    // The app's identity and installation list, a new token (the app's budget), one GraphQL probe (the installation's).
    expect(counted).toEqual(['GET /app 200', 'GET /app/installations?per_page=100 200', 'POST /app/installations/{installation_id}/access_tokens 201', 'POST /graphql 200']);
    expect(second.problems()).toEqual([]);
  });

  it('runs a job only for the repository whose head moved, then goes back to none', async () => {
    const repos = seedRepos();
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });
    harness.fake.pushCommit({ owner: OWNER, repo: 'current', branch: 'main', files: { README: 'more\n' }, message: 'docs', author: HUMAN });
    harness.fake.clearLog();
    const summary = await app.pass({ mode: 'incremental' });
    expect(summary).toMatchObject({ repositories: 1, unchanged: repos.length - 1 });
    expect(requestsFor(harness.fake.requests, repos[1]!).length).toBeGreaterThan(0);
    for (const repo of [repos[0]!, repos[2]!, repos[3]!]) expect(requestsFor(harness.fake.requests, repo), repo.repo).toEqual([]);
    harness.fake.clearLog();
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 0, unchanged: repos.length });
  });

  it('rebuilds the index after its loss: an empty store gives the same outcome', async () => {
    const repos = seedRepos();
    const store = createMemoryStore();
    await (await harness.app({ store })).pass({ mode: 'incremental' });
    const before = new Map(store.entries());
    const pulls = repos.map((repo) => readBumpPulls(harness.fake, repo).map((pull) => [pull.number, pull.headSha]));
    const dashboard = readDashboard(harness.fake, repos[0]!);

    const rebuilt = createMemoryStore();
    const summary = await (await harness.app({ store: rebuilt })).pass({ mode: 'incremental' });
    expect(summary).toMatchObject({ repositories: repos.length, failed: 0 });
    expect(repos.map((repo) => readBumpPulls(harness.fake, repo).map((pull) => [pull.number, pull.headSha]))).toEqual(pulls);
    expect(readDashboard(harness.fake, repos[0]!)).toBe(dashboard);
    expect(new Map(rebuilt.entries())).toEqual(before);
  });
});

describe('what the probe sees', () => {
  it('a freshpin PR closed by a maintainer brings its repository back, and only it', async () => {
    const repos = seedRepos();
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });
    const [pull] = readBumpPulls(harness.fake, repos[0]!);
    const api = installationApi(harness.fake, INSTALLATION);
    expect((await api('PATCH', `/repos/${OWNER}/bumped/pulls/${pull?.number}`, { state: 'closed' })).status).toBe(200);
    harness.fake.clearLog();
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 1, unchanged: repos.length - 1 });
    expect(app.logs.findLast((record) => record.msg === 'change probe')).toMatchObject({ due: { 'pulls-changed': 1 } });
    expect(readDashboard(harness.fake, repos[0]!)).toContain(`#${pull?.number}`);
  });

  it('a job whose dashboard would not change does not even read it', async () => {
    const repos = seedRepos();
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });
    harness.fake.pushCommit({ owner: OWNER, repo: 'current', branch: 'main', files: { README: 'more\n' }, message: 'docs', author: HUMAN });
    harness.fake.clearLog();
    await app.pass({ mode: 'incremental' });
    const entries = requestsFor(harness.fake.requests, repos[1]!);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((entry) => entry.path.includes('/issues'))).toEqual([]);
  });
});

describe('a config read from another repository', () => {
  it("brings the repositories that read the owner's .github config back when it changes, and only then", async () => {
    harness.addRepo({ owner: OWNER, name: '.github', installationId: INSTALLATION, dockerfile: null, workflow: false });
    const inherits = harness.addRepo({ owner: OWNER, name: 'inherits', installationId: INSTALLATION, config: null });
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });
    expect(readBumpPulls(harness.fake, inherits)).toHaveLength(1);
    expect(await app.runtime.index.getRepo(OWNER, 'inherits')).toMatchObject({ configSources: [{ owner: OWNER, repo: '.github', path: '.github/freshpin.yml' }] });
    // The first pass to see the source cannot know it did not change since the job: one job.
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 1 });
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 0 });

    harness.fake.pushCommit({ owner: OWNER, repo: '.github', branch: 'main', files: { '.github/freshpin.yml': `${CONFIG_TEMPLATE}\nlabels: [dependencies]\n` }, message: 'labels', author: HUMAN });
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 2, failed: 0 });
    expect(app.logs.findLast((record) => record.msg === 'change probe')).toMatchObject({ due: { 'config-changed': 1, 'head-moved': 1 } });
    expect(readBumpPulls(harness.fake, inherits)[0]?.labels).toContain('dependencies');
  });
});

describe('the index and the world changing', () => {
  it('push webhooks invalidate exactly the repositories they touch', async () => {
    const repos = seedRepos();
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });
    const indexed = async () => (await Promise.all(repos.map((repo) => app.runtime.index.getRepo(repo.owner, repo.repo)))).map((entry) => entry !== undefined);
    expect(await indexed()).toEqual([true, true, true, true]);

    await app.receive('push', pushPayload('current', 'main'));
    await app.receive('push', pushPayload('bumped', 'some-feature'));
    await app.receive('push', pushPayload('invalid', 'freshpin/dockerfile/x'));
    // The app's own pushes were recorded by the job that made them.
    await app.receive('push', { ...pushPayload('onboarding', 'freshpin/dockerfile/y'), sender: { login: 'freshpin[bot]', type: 'Bot' } });
    expect(await indexed()).toEqual([true, false, false, true]);
    harness.fake.clearLog();
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 2, unchanged: 2, failed: 0 });
    expect(requestsFor(harness.fake.requests, repos[0]!)).toEqual([]);
    expect(requestsFor(harness.fake.requests, repos[3]!)).toEqual([]);
  });

  it('follows a repository renamed or transferred, forgets one deleted, and fails on none, between passes or mid-pass', async () => {
    const repos = seedRepos();
    harness.addInstallation(72, 'elsewhere');
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });

    // Between passes: the index knows them under their old names.
    harness.fake.renameRepo(OWNER, 'bumped', { name: 'bumped-renamed' });
    harness.fake.renameRepo(OWNER, 'current', { owner: 'elsewhere', installationId: 72 });
    harness.fake.deleteRepo(OWNER, 'invalid');
    // Mid-pass: the listing (the index's) still names a repository deleted since, of which the index lost its entry.
    await app.runtime.index.forgetRepo(OWNER, 'onboarding');
    harness.fake.deleteRepo(OWNER, 'onboarding');

    const summary = await app.pass({ mode: 'incremental' });
    expect(app.problems()).toEqual([]);
    expect(summary.failed).toBe(0);
    expect(await app.runtime.index.getRepo(OWNER, 'bumped-renamed')).toMatchObject({ repo: 'bumped-renamed', headSha: harness.fake.branchHead(OWNER, 'bumped-renamed', 'main') });
    expect(await app.runtime.index.getRepo(OWNER, 'bumped')).toBeUndefined();
    expect(await app.runtime.index.getRepo(OWNER, 'invalid')).toBeUndefined();
    // The renamed one needed no job, and keeps its PR.
    expect(readBumpPulls(harness.fake, { owner: OWNER, repo: 'bumped-renamed' })).toHaveLength(1);
    expect(repos[0]?.repo).toBe('bumped');

    // The transferred one is new to installation 72, whose listing the index holds from before
    // (no webhook said otherwise): the weekly full pass lists every installation again.
    expect(await app.runtime.index.getRepo('elsewhere', 'current')).toBeUndefined();
    expect(await app.pass()).toMatchObject({ failed: 0 });
    expect(await app.runtime.index.getRepo('elsewhere', 'current')).toMatchObject({ installationId: 72 });

    // The next incremental pass: nothing to do.
    harness.fake.clearLog();
    expect(await app.pass({ mode: 'incremental' })).toMatchObject({ repositories: 0, failed: 0 });
    expect(app.problems()).toEqual([]);
  });
});

describe('a new tag in a family', () => {
  it('reaches only the repositories of that family, at the next incremental pass (twice an hour)', async () => {
    const phoenix = harness.addRepo({ owner: OWNER, name: 'phoenix', installationId: INSTALLATION });
    const trixie = harness.addRepo({ owner: OWNER, name: 'trixie', installationId: INSTALLATION, dockerfile: UP_TO_DATE });
    const app = await harness.app();
    await app.pass({ mode: 'incremental' });
    const [before] = readBumpPulls(harness.fake, phoenix);

    await harness.seedPhoenixDate('bullseye', '20261002');
    harness.fake.clearLog();
    const summary = await app.pass({ mode: 'incremental' });
    expect(summary).toMatchObject({ repositories: 1, unchanged: 1, failed: 0 });
    expect(requestsFor(harness.fake.requests, trixie)).toEqual([]);
    const [after] = readBumpPulls(harness.fake, phoenix);
    expect([after?.number, after?.marker?.proposed]).toEqual([before?.number, 'bullseye-20261002-slim']);
    expect(app.logs.findLast((record) => record.msg === 'change probe')).toMatchObject({ due: { 'new-candidate': 1 } });
  });
});
