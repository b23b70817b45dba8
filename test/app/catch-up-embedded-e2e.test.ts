// The embedded queue's catch-up, on the real process against the stateful GitHub fake: the
// deliveries GitHub marked failed (the app was down) are redelivered on start, and only those;
// a command whose webhook was lost (no reply, no reaction) is answered by the next pass, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import { readBumpPulls, readComments } from '../helpers/app-harness.ts';
import { startDockerRegistry } from '../helpers/start-docker-registry.ts';
import type { RunningRegistry } from '../helpers/start-docker-registry.ts';
import { seedImages } from '../helpers/seed-registry.ts';
import type { SpawnedMain } from './ops-harness.ts';
import { freePort, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from './ops-harness.ts';

const INSTALLATION = 31;
const OWNER = 'acme';
const SECRET = 'catch-up-test-secret';

let registry: RunningRegistry;
let fake: GitHubFake;
let dir: ReturnType<typeof tempDir>;
let main: SpawnedMain | undefined;

beforeAll(async () => {
  [registry, fake] = await Promise.all([startDockerRegistry(), startGitHubFake()]);
  await seedImages(registry.url, ['stable-20261101', 'stable-20261120'].map((tag) => ({ repository: 'acme/base', tag })));
  dir = tempDir({ 'app.pem': rsaKeyPem() });
}, 60_000);

afterAll(async () => {
  main?.kill();
  await Promise.all([registry?.stop(), fake?.stop()]);
  dir?.cleanup();
});

const until = async (check: () => boolean, what: string, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${main?.stdout().slice(-3000) ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('embedded catch-up', () => {
  it('redelivers the failed deliveries on start, and the pass answers a command whose webhook was lost', async () => {
    const port = await freePort();
    fake.setWebhookTarget(`http://127.0.0.1:${port}/api/github/webhooks`, SECRET);
    fake.addInstallation({ id: INSTALLATION, account: OWNER });
    fake.addRepo({ owner: OWNER, name: 'api', installationId: INSTALLATION, files: { '.github/freshpin.yml': 'minimumAge: 0\n', Dockerfile: 'FROM acme/base:stable-20261101\n' } });
    fake.setPermission(OWNER, 'api', 'maintainer', 'write');
    // Two deliveries failed while the app was down; one earlier delivery was answered (nothing listens yet: recorded as given).
    const failedA = await fake.deliverWebhook({ event: 'ping', payload: { zen: 'Failed once.', hook_id: 1 }, failed: true });
    const failedB = await fake.deliverWebhook({ event: 'ping', payload: { zen: 'Failed twice.', hook_id: 1 }, failed: true });
    const answered = await fake.deliverWebhook({ event: 'ping', payload: { zen: 'Answered.', hook_id: 1 } });
    expect(answered.statusCode).toBe(0);
    fake.hookDeliveries().find((delivery) => delivery.guid === answered.guid)!.statusCode = 200;

    main = spawnMain(
      isolatedEnv({
        APP_ID: '4242',
        PRIVATE_KEY_PATH: dir.path('app.pem'),
        WEBHOOK_SECRET: SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        GHE_HOST: new URL(fake.url).host,
        GHE_PROTOCOL: 'http',
        FRESHPIN_CRON: '*/2 * * * * *',
        FRESHPIN_NOW: '2026-11-29',
        FRESHPIN_REGISTRY_MIRRORS: `docker.io=${registry.url}`,
        DOCKERHUB_API_URL: 'none',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      }),
      { cwd: dir.dir },
    );
    await main.waitFor((record) => record.msg === 'freshpin started', 'startup', 30_000);

    // 1. The failed deliveries, and only they, are asked again; GitHub redelivers; the app acknowledges them.
    const redelivered = (guid: string) => fake.hookDeliveries().some((delivery) => delivery.guid === guid && delivery.redelivery && delivery.statusCode === 202);
    await until(() => redelivered(failedA.guid) && redelivered(failedB.guid), 'the redeliveries');
    expect(fake.redeliveryRequests().sort()).toEqual([failedA.guid, failedB.guid].sort());

    // 2. A command whose webhook never arrived: the next pass answers it, once.
    await until(() => readBumpPulls(fake, { owner: OWNER, repo: 'api' }).length === 1, 'the bump PR');
    const pull = readBumpPulls(fake, { owner: OWNER, repo: 'api' })[0]!;
    const comment = fake.addComment(OWNER, 'api', pull.number, { login: 'maintainer', body: '@freshpin help' });
    const replies = () => readComments(fake, { owner: OWNER, repo: 'api' }, pull.number).filter((entry) => entry.body.includes(`command-reply-${String(comment.id)}`));
    await until(() => replies().length === 1, 'the reply to the lost command');
    await main.waitFor((record) => record.msg === 'reconciliation runs an unanswered command', 'the reconciliation log line');
    // Passes go on every 2 s: the answered command is not run again.
    const passes = () => main!.records.filter((record) => record.msg === 'pass finished').length;
    const seen = passes();
    await until(() => passes() >= seen + 2, 'two more passes');
    expect(replies()).toHaveLength(1);
    expect(main.records.filter((record) => record.msg === 'reconciliation runs an unanswered command')).toHaveLength(1);
  }, 120_000);
});
