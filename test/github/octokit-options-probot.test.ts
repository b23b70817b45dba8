// The request policy through Probot itself: Probot re-applies its own throttle options
// (which give up on secondary limits) on every installation client; freshpin's must win.
import { generateKeyPairSync } from 'node:crypto';
import { Probot } from 'probot';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyGitHubError } from '../../src/github/github-errors.ts';
import { createFreshpinOctokit, type RateLimitEvent } from '../../src/github/octokit-options.ts';
import { github } from './make-client.ts';

let privateKey = '';

beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
});

async function installationClient(events: RateLimitEvent[]) {
  const probot = new Probot({
    appId: 1,
    privateKey,
    logLevel: 'fatal',
    Octokit: createFreshpinOctokit({ retries: 2, retryBaseMs: 1, throttle: { msPerSecond: 1, onLimit: (event) => events.push(event) } }),
  });
  github().post('/app/installations/42/access_tokens').reply(201, { token: 'ghs_installationtoken', expires_at: '2999-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
  return probot.auth(42);
}

describe('freshpin request policy inside Probot', () => {
  it('retries GETs, not POSTs, and waits out secondary limits on an installation client', async () => {
    const events: RateLimitEvent[] = [];
    const octokit = await installationClient(events);

    github().get('/repos/o/r').matchHeader('authorization', 'token ghs_installationtoken').reply(502, 'bad gateway').get('/repos/o/r').reply(200, { id: 1 });
    expect((await octokit.request('GET /repos/o/r')).data).toEqual({ id: 1 });

    github().post('/repos/o/r/git/refs').reply(502, { message: 'Server Error' });
    let failure;
    try {
      await octokit.request('POST /repos/o/r/git/refs', { ref: 'refs/heads/x', sha: 'a'.repeat(40) });
    } catch (error) {
      failure = classifyGitHubError(error);
    }
    expect(failure).toMatchObject({ kind: 'unavailable', status: 502 });

    github()
      .get('/repos/o/r/pulls')
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '2' })
      .get('/repos/o/r/pulls')
      .reply(200, []);
    expect((await octokit.request('GET /repos/o/r/pulls')).data).toEqual([]);
    expect(events).toMatchObject([{ kind: 'secondary', retryAfterSeconds: 2, willRetry: true }]);
  });
});
