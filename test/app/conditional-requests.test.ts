// Issue #3, rate-limit economy: on a full pass over a repository nobody changed since the
// previous pass of the same process within the hour (the same installation token: GitHub binds
// ETags to the token, and tokens live one hour; see token-rollover.test.ts, and
// incremental-pass.test.ts for passes under a new token), every GitHub request for it is
// answered 304 (not counted against the rate limit),
// including when the previous pass wrote (PRs, dashboard): the pass that writes reads back what
// its writes changed. The fake's request log says, per request, whether GitHub would count it.
import { describe, expect, it } from 'vitest';
import { countedLines, readBumpPulls, readDashboards, requestsFor, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 51;
const OWNER = 'frugal';
const UP_TO_DATE = 'FROM debian:trixie-20251117-slim\n';

const harness = useAppHarness(INSTALLATION, OWNER);

describe('a second pass over unchanged repositories', () => {
  it('costs 0 counted requests per repository: only 304s', async () => {
    const repos = [
      harness.addRepo({ owner: OWNER, name: 'bumped', installationId: INSTALLATION }),
      harness.addRepo({ owner: OWNER, name: 'current', installationId: INSTALLATION, dockerfile: UP_TO_DATE }),
      harness.addRepo({ owner: OWNER, name: 'invalid', installationId: INSTALLATION, config: 'minimumAge: soon\n' }),
    ];
    const app = await harness.app();
    await app.pass();
    expect(readBumpPulls(harness.fake, repos[0]!)).toHaveLength(1);
    for (const repo of repos) expect(readDashboards(harness.fake, repo)).toHaveLength(1);

    harness.fake.clearLog();
    const seen = app.githubRequests.length;
    await app.pass();
    for (const repo of repos) {
      const entries = requestsFor(harness.fake.requests, repo);
      expect(countedLines(entries), repo.repo).toEqual([]);
      // The pass did read the repository (conditionally), it did not skip it.
      expect(entries.length, repo.repo).toBeGreaterThanOrEqual(3);
      expect(new Set(entries.map((entry) => entry.status)), repo.repo).toEqual(new Set([304]));
    }
    // One listing of the open bump PRs serves the bump check and the scan reconciliation.
    const openListings = requestsFor(harness.fake.requests, repos[0]!).filter((entry) => entry.path.endsWith('/pulls') && new URLSearchParams(entry.query).get('state') === 'open');
    expect(openListings).toHaveLength(1);
    // Per installation: the token is cached by Probot; the repository listing is read conditionally.
    expect(harness.fake.requests.filter((entry) => entry.path.endsWith('/access_tokens'))).toEqual([]);
    // freshpin's own counter agrees with the fake: what it saw as counted is only app- and
    // installation-level. ETags are bound to the credentials: the app's JWT is signed anew each
    // second (its iat), so the app's installation listing is answered 304 only when both passes
    // signed in the same second.
    const counted = app.githubRequests.slice(seen).filter((event) => !event.fromCache && event.status !== 304 && !event.route.endsWith('/rate_limit'));
    const routes = counted.map((event) => `${event.method} ${event.route.replace(/^\/api\/v3/, '')}`);
    expect(routes).toContain('GET /installation/repositories');
    expect(routes.filter((route) => route !== 'GET /app/installations' && route !== 'GET /installation/repositories')).toEqual([]);
  });

  it('after a pass that opens a PR, the listing is read again once, and scan reconciliation sees the new PR', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'opening', installationId: INSTALLATION });
    const app = await harness.app();
    await app.pass();
    const [pull] = readBumpPulls(harness.fake, repo);
    expect(pull).toBeDefined();
    const entries = requestsFor(harness.fake.requests, repo);
    const openListings = entries.filter((entry) => entry.path.endsWith('/pulls') && new URLSearchParams(entry.query).get('state') === 'open');
    expect(openListings).toHaveLength(2); // the snapshot's, then the one after the writes
    const runLookups = entries.filter((entry) => entry.path.endsWith('/runs') && new URLSearchParams(entry.query).get('head_sha') === pull?.headSha);
    expect(runLookups.length).toBeGreaterThanOrEqual(1);
  });

  it('pays again only for what changed, then goes back to 0', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'edited', installationId: INSTALLATION });
    const app = await harness.app();
    await app.pass();
    harness.fake.pushCommit({ owner: OWNER, repo: 'edited', branch: 'main', files: { README: 'changed\n' }, message: 'docs', author: { login: 'alice', name: 'Alice', email: 'a@example.com' } });

    harness.fake.clearLog();
    await app.pass();
    const changed = countedLines(requestsFor(harness.fake.requests, repo));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((line) => line.startsWith('GET '))).toBe(true);

    harness.fake.clearLog();
    await app.pass();
    expect(countedLines(requestsFor(harness.fake.requests, repo))).toEqual([]);
  });
});
