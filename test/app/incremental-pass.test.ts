// Issue #15: incremental passes. A pass probes every indexed repository with one GraphQL query
// per ≤100 repositories and runs a full job only where something changed (head, freshpin's
// PRs, a family's tags) or where the index knows nothing. These tests run against the honest
// fake: ETags bound to the token, tokens minted anew by each instance (a new process).
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/key-value-store.ts';
import { countedLines, HUMAN, readBumpPulls, readDashboard, requestsFor, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 71;
const OWNER = 'thrifty';
const UP_TO_DATE = 'FROM debian:trixie-20251117-slim\n';

const harness = useAppHarness(INSTALLATION, OWNER);

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
    expect(summary).toMatchObject({ repositories: 0, unchanged: repos.length, probes: 1, failed: 0 });
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
