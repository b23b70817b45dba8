// Installation tokens live one hour (the fake, as GitHub); Probot's auth (@octokit/auth-app)
// caches a token for 59 minutes and then mints a new one, so a pass an hour later runs under a
// new token, meets no 401, and, ETags being bound to the token, pays 200s where an hour earlier
// it met 304s. (auth-app does not recover from a 401 on an expired token: it only retries a
// 401 within 5 s of minting, for replication lag; it relies on its cache expiring first.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countedLines, readBumpPulls, requestsFor, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 61;
const OWNER = 'rollover';

const harness = useAppHarness(INSTALLATION, OWNER);

afterEach(() => {
  vi.useRealTimers();
});

describe('an installation token rollover', () => {
  it('mints a new token after an hour, meets no 401, and the old ETags no longer yield 304s', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const repo = harness.addRepo({ owner: OWNER, name: 'web', installationId: INSTALLATION });
    const app = await harness.app();
    await app.pass();
    expect(readBumpPulls(harness.fake, repo)).toHaveLength(1);
    const minted = () => harness.fake.requests.filter((entry) => entry.path.endsWith('/access_tokens')).length;
    expect(minted()).toBe(1);

    // Within the token's hour: the same token, only 304s.
    harness.fake.clearLog();
    await app.pass();
    expect(minted()).toBe(0);
    expect(countedLines(requestsFor(harness.fake.requests, repo))).toEqual([]);

    // An hour and a minute later: the old token is dead, Probot mints another.
    vi.setSystemTime(Date.now() + 61 * 60_000);
    harness.fake.clearLog();
    await app.pass();
    expect(minted()).toBe(1);
    expect(harness.fake.requests.filter((entry) => entry.status === 401)).toEqual([]);
    expect(app.problems()).toEqual([]);
    // Token-bound ETags: what the cache holds from the old token does not answer 304 any more.
    expect(countedLines(requestsFor(harness.fake.requests, repo)).length).toBeGreaterThan(0);
  });
});
