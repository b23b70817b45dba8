// The pass runner under the app: a few repositories of an installation at once (never more),
// passes never overlapping, and a stop request ending the pass after the repositories in
// flight, starting no other.
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPO_CONCURRENCY, createPassRunner } from '../../src/services/passes/run-pass.ts';
import type { FreshpinInstance } from '../helpers/app-harness.ts';
import { readDashboards, requestsFor, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 61;
const OWNER = 'many';
const CURRENT = 'FROM debian:bookworm-20251117-slim\n';

const harness = useAppHarness(INSTALLATION, OWNER);

function addRepos(count: number) {
  return Array.from({ length: count }, (_, i) => harness.addRepo({ owner: OWNER, name: `r${String(i).padStart(2, '0')}`, installationId: INSTALLATION, dockerfile: CURRENT, workflow: false }));
}

/** Counts repositories in flight: jobs made minus repositories reported checked (the log is synchronous). */
function trackInFlight(app: FreshpinInstance) {
  const seen = { max: 0, jobs: 0 };
  const job = app.runtime.job.bind(app.runtime);
  app.runtime.job = (...args) => {
    seen.jobs += 1;
    const done = app.logs.filter((record) => record.msg === 'repository checked').length;
    seen.max = Math.max(seen.max, seen.jobs - done);
    return job(...args);
  };
  return seen;
}

describe('pass runner', () => {
  it('checks a few repositories of an installation at once, never more', async () => {
    addRepos(12);
    const app = await harness.app();
    const inFlight = trackInFlight(app);
    const passes = createPassRunner(app.probot, app.runtime, [], { concurrency: 3 });
    const summary = await passes.run();
    expect(summary).toMatchObject({ installations: 1, repositories: 12, failed: 0, stopped: false });
    expect(inFlight.max).toBe(3);
    expect(DEFAULT_REPO_CONCURRENCY).toBeGreaterThanOrEqual(8);
  });

  it('never overlaps two passes: the second is skipped', async () => {
    addRepos(2);
    const app = await harness.app();
    const [first, second] = await Promise.all([app.passes.run(), app.passes.run()]);
    expect(first).toMatchObject({ repositories: 2 });
    expect(second).toBeUndefined();
    expect(app.logs.some((record) => record.msg === 'a pass is still running; this one is skipped')).toBe(true);
    expect(app.passes.running).toBe(false);
  });

  it('ends the pass after the repositories in flight when a stop is requested, starting no other', async () => {
    const repos = addRepos(DEFAULT_REPO_CONCURRENCY + 6);
    const app = await harness.app();
    const inFlight = trackInFlight(app);
    // At the HTTP client: the stop arrives while the first repositories are being read.
    const hooked = new WeakSet<object>();
    const prepare = app.runtime.prepare.bind(app.runtime);
    app.runtime.prepare = (octokit) => {
      const client = prepare(octokit);
      if (!hooked.has(client)) {
        hooked.add(client);
        client.hook.before('request', (options) => {
          if (String(options.url).includes('/git/ref/')) app.runtime.stop();
        });
      }
      return client;
    };
    const summary = await app.pass();

    expect(summary).toMatchObject({ stopped: true, failed: 0 });
    expect(summary.repositories).toBeGreaterThanOrEqual(1);
    expect(summary.repositories).toBeLessThanOrEqual(DEFAULT_REPO_CONCURRENCY);
    // Every repository begun was finished (its dashboard written); no other was touched at all.
    const touched = repos.filter((repo) => requestsFor(harness.fake.requests, repo).length > 0);
    expect(touched).toHaveLength(summary.repositories);
    for (const repo of touched) expect(readDashboards(harness.fake, repo), repo.repo).toHaveLength(1);
    expect(inFlight.jobs).toBe(summary.repositories);
    expect(app.logs.filter((record) => record.msg === 'repository checked')).toHaveLength(summary.repositories);
  });
});
