// Issue #3 end to end: the weekly pass of the GitHub App against the stateful GitHub fake
// and Debian's real docker-registry (the Phoenix world), wired as the server wires it.
// Every test ends with the fake reporting no request that GitHub's REST description rejects.
import { describe, expect, it } from 'vitest';
import {
  APP_LOGIN,
  CONFIG_PATH,
  CONFIG_TEMPLATE,
  HUMAN,
  PHOENIX_DOCKERFILE,
  SCAN_WORKFLOW,
  WORKFLOW_PATH,
  installationApi,
  readBranchCommits,
  readBumpPulls,
  readComments,
  readDashboard,
  readDashboards,
  readPulls,
  requestsFor,
  useAppHarness,
} from '../helpers/app-harness.ts';

const INSTALLATION = 31;
const OWNER = 'acme';
const ELIXIR = '1.18.4-erlang-27.2.4-debian';
const WORKER_DOCKERFILE = 'FROM debian:bullseye-20250520-slim\nRUN echo worker\n';

const harness = useAppHarness(INSTALLATION, OWNER);

function config(changes: Record<string, string>): string {
  let text = CONFIG_TEMPLATE;
  for (const [key, value] of Object.entries(changes)) {
    const pattern = new RegExp(`^${key}:.*$`, 'm');
    text = pattern.test(text) ? text.replace(pattern, `${key}: ${value}`) : `${text}\n${key}: ${value}\n`;
  }
  return text;
}

function writes(repo: { owner: string; repo: string }) {
  return requestsFor(harness.fake.requests, repo).filter((entry) => entry.method !== 'GET');
}

const dockerfileWith = (value: string) => PHOENIX_DOCKERFILE.replace('ARG DEBIAN_VERSION=bullseye-20250520-slim', `ARG DEBIAN_VERSION=${value}`);

describe('onboarding', () => {
  it('opens one onboarding PR (config and scan workflow) and does nothing else until it is merged', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'fresh', installationId: INSTALLATION, config: null, workflow: false });
    const app = await harness.app();
    await app.pass();
    await app.pass();

    const pulls = readPulls(harness.fake, repo);
    expect(pulls.map((pull) => [pull.title, pull.branch, pull.author, pull.state])).toEqual([['Configure freshpin', 'freshpin/onboarding', APP_LOGIN, 'open']]);
    expect(harness.fake.getFile(OWNER, 'fresh', 'freshpin/onboarding', CONFIG_PATH)).toBe(CONFIG_TEMPLATE);
    expect(harness.fake.getFile(OWNER, 'fresh', 'freshpin/onboarding', WORKFLOW_PATH)).toBe(SCAN_WORKFLOW);
    expect(CONFIG_TEMPLATE).toMatch(/^# .*\n/);
    expect(pulls[0]?.body).toContain('Nothing else happens in this repository until this PR is merged');
    expect(readDashboards(harness.fake, repo)).toEqual([]);
    expect(harness.fake.runs(OWNER, 'fresh')).toEqual([]);

    // Merged: the next pass manages the pins.
    const api = installationApi(harness.fake, INSTALLATION);
    expect((await api('PUT', `/repos/${OWNER}/fresh/pulls/${pulls[0]?.number}/merge`, { merge_method: 'squash' })).status).toBe(200);
    await app.pass();
    expect(readBumpPulls(harness.fake, repo).map((pull) => pull.branch)).toEqual(['freshpin/dockerfile/debian-version']);
    expect(readDashboards(harness.fake, repo)).toHaveLength(1);
    expect(readPulls(harness.fake, repo).filter((pull) => pull.branch === 'freshpin/onboarding')).toHaveLength(1);
  });

  it('respects a closed onboarding PR', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'declined', installationId: INSTALLATION, config: null });
    const app = await harness.app();
    await app.pass();
    const onboarding = readPulls(harness.fake, repo)[0];
    await installationApi(harness.fake, INSTALLATION)('PATCH', `/repos/${OWNER}/declined/pulls/${onboarding?.number}`, { state: 'closed' });
    harness.fake.clearLog();
    await app.pass();
    expect(readPulls(harness.fake, repo).map((pull) => [pull.branch, pull.state])).toEqual([['freshpin/onboarding', 'closed']]);
    expect(readDashboards(harness.fake, repo)).toEqual([]);
    expect(writes(repo)).toEqual([]);
  });

  it("reads the config through Probot's loader: the organisation's `.github` repository, and `_extends`", async () => {
    const inherits = harness.addRepo({ owner: OWNER, name: 'inherits', installationId: INSTALLATION, config: null });
    const extended = harness.addRepo({ owner: OWNER, name: 'extends', installationId: INSTALLATION, config: '_extends: shared-config\nlabels: [extended]\n' });
    harness.addRepo({ owner: OWNER, name: 'shared-config', installationId: INSTALLATION, config: config({ labels: '[from-shared]', assignees: '[alice]' }), dockerfile: null });
    harness.addRepo({ owner: OWNER, name: '.github', installationId: INSTALLATION, config: config({ labels: '[from-org]' }), dockerfile: null });
    harness.fake.setPermission(OWNER, 'extends', 'alice', 'write');
    const app = await harness.app();
    await app.pass();
    // No onboarding where the organisation's `.github` repository holds the config.
    expect(readPulls(harness.fake, inherits).map((pull) => [pull.branch, pull.labels])).toEqual([['freshpin/dockerfile/debian-version', ['from-org']]]);
    // `_extends` merges the shared file under the repository's own keys.
    expect(readPulls(harness.fake, extended).map((pull) => [pull.branch, pull.labels, pull.assignees])).toEqual([['freshpin/dockerfile/debian-version', ['extended'], ['alice']]]);
  });
});

describe('bump PRs', () => {
  it('opens one PR per pin: deterministic branch, Verified bot commit, full body, metadata, and the dispatched run in the marker', async () => {
    const repo = harness.addRepo({
      owner: OWNER,
      name: 'phoenix',
      installationId: INSTALLATION,
      config: config({ reviewers: '[bob]', assignees: '[alice]' }),
      files: { 'docker/worker.Dockerfile': WORKER_DOCKERFILE },
    });
    harness.fake.setPermission(OWNER, 'phoenix', 'bob', 'write');
    harness.fake.setPermission(OWNER, 'phoenix', 'alice', 'write');
    const app = await harness.app();
    await app.pass();

    const pulls = readBumpPulls(harness.fake, repo);
    expect(pulls.map((pull) => [pull.branch, pull.title])).toEqual([
      ['freshpin/dockerfile/debian-version', 'chore(deps): bump debian base image to bullseye-20250610-slim'],
      ['freshpin/docker-worker-dockerfile/debian', 'chore(deps): bump debian base image to bullseye-20251117-slim'],
    ]);
    const [phoenix, worker] = pulls;
    if (phoenix === undefined || worker === undefined) throw new Error('two PRs expected');

    // The commit: one, on the base head, by the app with no custom author, so Verified.
    const commits = await readBranchCommits(harness.fake, INSTALLATION, repo, 'main', phoenix.branch);
    expect(commits).toEqual([{ sha: phoenix.headSha, authorLogin: APP_LOGIN, authorType: 'Bot', authorName: APP_LOGIN, verified: true, message: phoenix.title }]);
    expect(harness.fake.getFile(OWNER, 'phoenix', phoenix.branch, 'Dockerfile')).toBe(dockerfileWith('bullseye-20250610-slim'));
    expect(harness.fake.getFile(OWNER, 'phoenix', phoenix.branch, 'docker/worker.Dockerfile')).toBe(WORKER_DOCKERFILE);

    // The body: every image the pin feeds, old → new with tag links; values passed over; EOL; commands; marker.
    const body = phoenix.body;
    expect(body).toContain(
      `| hexpm/elixir | [\`${ELIXIR}-bullseye-20250520-slim\`](https://hub.docker.com/r/hexpm/elixir/tags?name=${ELIXIR}-bullseye-20250520-slim) | [\`${ELIXIR}-bullseye-20250610-slim\`](https://hub.docker.com/r/hexpm/elixir/tags?name=${ELIXIR}-bullseye-20250610-slim)`,
    );
    expect(body).toContain('| debian | [`bullseye-20250520-slim`](https://hub.docker.com/_/debian/tags?name=bullseye-20250520-slim) | [`bullseye-20250610-slim`](https://hub.docker.com/_/debian/tags?name=bullseye-20250610-slim)');
    expect(body).toContain(`- \`bullseye-20251117-slim\`: hexpm/elixir has no ${ELIXIR}-bullseye-20251117-slim`);
    expect(body).toContain('Debian `bullseye` reached the end of its support on 2026-08-31.');
    expect(body).toContain('`@freshpin reject [reason]`');
    expect(phoenix.marker).toMatchObject({ v: 1, file: 'Dockerfile', pin: 'arg:DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20250610-slim', history: [] });

    // Labels, reviewers and assignees from the config.
    expect([phoenix.labels, phoenix.reviewers, phoenix.assignees]).toEqual([['dependencies', 'freshpin'], ['bob'], ['alice']]);

    // The scan workflow, dispatched on the branch; its run id recorded in the marker.
    const runs = harness.fake.runs(OWNER, 'phoenix');
    const run = runs.find((candidate) => candidate.headBranch === phoenix.branch);
    expect(run).toMatchObject({ event: 'workflow_dispatch', headSha: phoenix.headSha, workflowPath: WORKFLOW_PATH, inputs: { dockerfile: 'Dockerfile' }, actor: { login: APP_LOGIN } });
    expect(phoenix.marker).toMatchObject({ runId: run?.id, dispatchedSha: phoenix.headSha });
    expect(runs).toHaveLength(2);

    // The dashboard lists both pins and both PRs.
    const dashboard = readDashboard(harness.fake, repo);
    expect(dashboard).toContain('| Dockerfile:4 | DEBIAN\\_VERSION | bullseye-20250520-slim | bullseye-20250610-slim | update ⚠️ EOL |');
    expect(dashboard).toContain(`- #${phoenix.number}: \`DEBIAN_VERSION\` in \`Dockerfile\` → \`bullseye-20250610-slim\``);
    expect(dashboard).toContain(`- #${worker.number}: \`debian\` in \`docker/worker.Dockerfile\` → \`bullseye-20251117-slim\``);

    // A second pass changes nothing: no write at all.
    harness.fake.clearLog();
    await app.pass();
    expect(writes(repo)).toEqual([]);
    expect(readBumpPulls(harness.fake, repo).map((pull) => pull.headSha)).toEqual([phoenix.headSha, worker.headSha]);
  });

  it('respects prConcurrentLimit: the pins beyond it wait, listed on the dashboard', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'limited', installationId: INSTALLATION, config: config({ prConcurrentLimit: '1' }), files: { 'docker/worker.Dockerfile': WORKER_DOCKERFILE } });
    const app = await harness.app();
    await app.pass();
    await app.pass();
    expect(readBumpPulls(harness.fake, repo).map((pull) => pull.branch)).toEqual(['freshpin/dockerfile/debian-version']);
    expect(readDashboard(harness.fake, repo)).toContain('## Waiting\n\n- `debian` in `docker/worker.Dockerfile` → `bullseye-20251117-slim`: prConcurrentLimit \\(1\\) reached');
  });

  it('closes the PR with a comment and deletes its branch once the base branch has the value, or a newer one', async () => {
    const same = harness.addRepo({ owner: OWNER, name: 'caught-up', installationId: INSTALLATION });
    const newer = harness.addRepo({ owner: OWNER, name: 'overtaken', installationId: INSTALLATION });
    const app = await harness.app();
    await app.pass();
    const [first] = readBumpPulls(harness.fake, same);
    const [second] = readBumpPulls(harness.fake, newer);
    if (first?.marker === undefined || second?.marker === undefined) throw new Error('PRs expected');
    harness.fake.pushCommit({ owner: OWNER, repo: 'caught-up', branch: 'main', files: { Dockerfile: dockerfileWith(first.marker.proposed) }, message: 'bump by hand', author: HUMAN });
    harness.fake.pushCommit({ owner: OWNER, repo: 'overtaken', branch: 'main', files: { Dockerfile: dockerfileWith('bullseye-20251117-slim') }, message: 'bump by hand', author: HUMAN });
    await app.pass();

    for (const [repo, pull, value] of [
      [same, first, first.marker.proposed],
      [newer, second, 'bullseye-20251117-slim'],
    ] as const) {
      expect(readBumpPulls(harness.fake, repo).map((p) => [p.number, p.state])).toEqual([[pull.number, 'closed']]);
      expect(readComments(harness.fake, repo, pull.number)).toEqual([{ author: APP_LOGIN, body: `freshpin closed this PR: the base branch already has ${value}.` }]);
      expect(harness.fake.branchHead(repo.owner, repo.repo, pull.branch)).toBeUndefined();
      // Closed by freshpin, the PR rejects nothing.
      expect(readBumpPulls(harness.fake, repo)[0]?.marker?.released).toBe(true);
      expect(readDashboard(harness.fake, repo)).not.toContain('Rejected');
    }
    // Nothing newer is usable on the overtaken repository's value, and nothing is reopened.
    await app.pass();
    expect(readPulls(harness.fake, newer).filter((pull) => pull.state === 'open')).toEqual([]);
  });

  it('never duplicates a branch, PR or dashboard when two replicas run their passes at once', async () => {
    const repos = ['race-a', 'race-b', 'race-c'].map((name) => harness.addRepo({ owner: OWNER, name, installationId: INSTALLATION }));
    const onboarding = harness.addRepo({ owner: OWNER, name: 'race-onboarding', installationId: INSTALLATION, config: null });
    // Repositories whose pass is only reads and the dashboard: the replicas stay in step there.
    const invalid = ['race-x', 'race-y', 'race-z'].map((name) => harness.addRepo({ owner: OWNER, name, installationId: INSTALLATION, config: 'minimumAge: soon\n' }));
    const [one, two] = await Promise.all([harness.app(), harness.app()]);
    const summaries = await Promise.all([one.pass(), two.pass()]);
    expect(summaries.map((summary) => summary.failed)).toEqual([0, 0]);

    for (const repo of repos) {
      const pulls = readBumpPulls(harness.fake, repo);
      expect(pulls.map((pull) => [pull.branch, pull.state])).toEqual([['freshpin/dockerfile/debian-version', 'open']]);
      const branches = (await installationApi(harness.fake, INSTALLATION)('GET', `/repos/${repo.owner}/${repo.repo}/git/matching-refs/${encodeURIComponent('heads/freshpin/')}`)).data as Array<{ ref: string; object: { sha: string } }>;
      expect(branches.map((branch) => [branch.ref, branch.object.sha])).toEqual([['refs/heads/freshpin/dockerfile/debian-version', pulls[0]?.headSha]]);
      const commits = await readBranchCommits(harness.fake, INSTALLATION, repo, 'main', 'freshpin/dockerfile/debian-version');
      expect(commits.map((commit) => commit.authorLogin)).toEqual([APP_LOGIN]);
      expect(pulls[0]?.marker?.dispatchedSha).toBe(pulls[0]?.headSha);
      expect(readDashboards(harness.fake, repo).filter((issue) => issue.state === 'open')).toHaveLength(1);
    }
    expect(readPulls(harness.fake, onboarding).map((pull) => pull.branch)).toEqual(['freshpin/onboarding']);
    for (const repo of invalid) expect(readDashboards(harness.fake, repo).filter((issue) => issue.state === 'open')).toHaveLength(1);
    // A refused 422 (branch or PR already exists) is adopted, never retried.
    const refusals = harness.fake.requests.filter((entry) => entry.status === 422);
    for (const refusal of refusals) {
      expect(harness.fake.requests.filter((entry) => entry.method === refusal.method && entry.path === refusal.path && entry.status === 422)).toHaveLength(1);
    }

    // Both replicas again: nothing to do, nothing written.
    harness.fake.clearLog();
    await Promise.all([one.pass(), two.pass()]);
    expect(harness.fake.requests.filter((entry) => entry.method !== 'GET' && !entry.path.endsWith('/access_tokens'))).toEqual([]);
  });

  it('keeps one dashboard when a replica creates its own between this pass reading the issues and writing', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'dashboard-race', installationId: INSTALLATION, config: 'minimumAge: soon\n' });
    const [one, two] = await Promise.all([harness.app(), harness.app()]);
    // At the HTTP client: just before replica one creates the dashboard, replica two runs a whole pass.
    const hooked = new WeakSet<object>();
    let raced = false;
    const prepare = one.runtime.prepare.bind(one.runtime);
    one.runtime.prepare = (octokit) => {
      const client = prepare(octokit);
      if (!hooked.has(client)) {
        hooked.add(client);
        client.hook.before('request', async (options) => {
          if (!raced && options.method === 'POST' && String(options.url).endsWith('/issues')) {
            raced = true;
            await two.pass();
          }
        });
      }
      return client;
    };
    await one.pass();
    expect(raced).toBe(true);
    const dashboards = readDashboards(harness.fake, repo);
    expect(dashboards.map((issue) => issue.state)).toEqual(['open', 'closed']);
    expect(dashboards[0]?.body).toContain('.github/freshpin.yml is invalid');
    expect(one.logs.filter((record) => record.msg === 'duplicate dashboard closed')).toHaveLength(1);
    await Promise.all([one.pass(), two.pass()]);
    expect(readDashboards(harness.fake, repo).map((issue) => issue.state)).toEqual(['open', 'closed']);
  });
});

describe('branches freshpin did not make', () => {
  it("opens no PR on a branch someone else made under the bump's name, writes nothing there, and says why on the dashboard", async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'squatted', installationId: INSTALLATION });
    const human = harness.fake.pushCommit({ owner: OWNER, repo: 'squatted', branch: 'freshpin/dockerfile/debian-version', files: { 'notes.txt': 'mine\n' }, message: 'wip', author: HUMAN });
    const app = await harness.app();
    await app.pass();
    await app.pass();

    expect(readPulls(harness.fake, repo)).toEqual([]);
    expect(harness.fake.branchHead(OWNER, 'squatted', 'freshpin/dockerfile/debian-version')).toBe(human);
    // Looked at before anything was written: no commit made for nothing.
    expect(writes(repo).filter((entry) => entry.path.includes('/git/'))).toEqual([]);
    const dashboard = readDashboard(harness.fake, repo);
    expect(dashboard).toContain('## Problems\n\n- no PR for DEBIAN\\_VERSION in Dockerfile \\(bullseye-');
    expect(dashboard).toContain('the branch freshpin/dockerfile/debian-version has commits by someone other than freshpin\\[bot\\]; freshpin leaves it alone.');
  });
});

describe('later passes', () => {
  it('moves the same branch and PR to a newer value and keeps the superseded one in the history', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'moving', installationId: INSTALLATION });
    const app = await harness.app();
    await app.pass();
    const [before] = readBumpPulls(harness.fake, repo);
    if (before?.marker === undefined) throw new Error('a PR expected');

    await harness.seedPhoenixDate('bullseye', '20260803');
    await app.pass();

    const after = readBumpPulls(harness.fake, repo);
    expect(after.map((pull) => [pull.number, pull.branch, pull.state, pull.title])).toEqual([[before.number, before.branch, 'open', 'chore(deps): bump debian base image to bullseye-20260803-slim']]);
    const [pull] = after;
    expect(pull?.marker).toMatchObject({ current: 'bullseye-20250520-slim', proposed: 'bullseye-20260803-slim', history: [{ proposed: before.marker.proposed, at: '2026-11-29T00:00:00.000Z' }] });
    expect(pull?.body).toContain(`### History\n\n- 2026-11-29: proposed \`${before.marker.proposed}\`, superseded`);
    expect(pull?.body).toContain(`[\`${ELIXIR}-bullseye-20260803-slim\`]`);
    expect(harness.fake.getFile(OWNER, 'moving', before.branch, 'Dockerfile')).toBe(dockerfileWith('bullseye-20260803-slim'));
    const commits = await readBranchCommits(harness.fake, INSTALLATION, repo, 'main', before.branch);
    expect(commits.map((commit) => [commit.authorLogin, commit.verified, commit.message])).toEqual([[APP_LOGIN, true, pull?.title]]);
    // A new scan for the new head, recorded in the marker.
    const run = harness.fake.runs(OWNER, 'moving')[0];
    expect(run?.headSha).toBe(pull?.headSha);
    expect(pull?.marker).toMatchObject({ runId: run?.id, dispatchedSha: pull?.headSha });
    expect(readDashboard(harness.fake, repo)).toContain(`- #${before.number}: \`DEBIAN_VERSION\` in \`Dockerfile\` → \`bullseye-20260803-slim\``);
  });

  it("leaves a branch with someone else's commits alone and says why on the PR", async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'touched', installationId: INSTALLATION });
    const app = await harness.app();
    await app.pass();
    const [opened] = readBumpPulls(harness.fake, repo);
    if (opened?.marker === undefined) throw new Error('a PR expected');
    const human = harness.fake.pushCommit({ owner: OWNER, repo: 'touched', branch: opened.branch, files: { 'notes.txt': 'tested by hand\n' }, message: 'my fix', author: HUMAN });

    await harness.seedPhoenixDate('bullseye', '20260901');
    await app.pass();

    expect(harness.fake.branchHead(OWNER, 'touched', opened.branch)).toBe(human);
    const [pull] = readBumpPulls(harness.fake, repo);
    expect(pull?.state).toBe('open');
    expect(pull?.marker).toEqual(opened.marker);
    expect(pull?.body).toMatch(/^> \[!WARNING\]\n> freshpin did not update this branch to bullseye-20260901-slim: the branch freshpin\/dockerfile\/debian-version has commits by someone other than freshpin\\\[bot\\\]/);
    expect(pull?.body.slice(pull.body.indexOf('\n\n') + 2)).toBe(opened.body);

    // The next pass says the same thing without writing it again, and still leaves the branch alone.
    harness.fake.clearLog();
    await app.pass();
    expect(writes(repo)).toEqual([]);
    expect(harness.fake.branchHead(OWNER, 'touched', opened.branch)).toBe(human);

    // Closed because the base caught up, the PR's branch stays: it holds someone's work.
    harness.fake.pushCommit({ owner: OWNER, repo: 'touched', branch: 'main', files: { Dockerfile: dockerfileWith('bullseye-20260901-slim') }, message: 'bump by hand', author: HUMAN });
    await app.pass();
    expect(readBumpPulls(harness.fake, repo).map((p) => p.state)).toEqual(['closed']);
    expect(harness.fake.branchHead(OWNER, 'touched', opened.branch)).toBe(human);
  });
});
