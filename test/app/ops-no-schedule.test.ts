// FRESHPIN_CRON=off: the server takes webhooks and is ready, but runs no pass of its own
// (passes come from `freshpin cycle`, e.g. a Kubernetes CronJob next to several replicas).
import { afterAll, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../fakes/github/index.ts';
import { freePort, http, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from './ops-harness.ts';

const dir = tempDir({ 'app.pem': rsaKeyPem() });
afterAll(() => dir.cleanup());

describe('FRESHPIN_CRON=off', () => {
  it('is ready without a schedule and starts no pass', async () => {
    const fake = await startGitHubFake();
    fake.addInstallation({ id: 3, account: 'acme' });
    fake.addRepo({ owner: 'acme', name: 'svc', installationId: 3, files: { '.github/freshpin.yml': 'minimumAge: 0\n' } });
    const port = await freePort();
    const env = { APP_ID: '4242', PRIVATE_KEY_PATH: dir.path('app.pem'), WEBHOOK_SECRET: 'x', PORT: String(port), HOST: '127.0.0.1', GHE_HOST: new URL(fake.url).host, GHE_PROTOCOL: 'http', FRESHPIN_CRON: 'off' };
    const main = spawnMain(isolatedEnv(env), { cwd: dir.dir });
    try {
      expect(await main.waitFor((record) => record.msg === 'freshpin started', 'startup')).toMatchObject({ cron: 'off' });
      const ready = await http(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status, ready.body).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: { scheduler: 'ok', github: 'ok' } });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Only the app itself and the start-up catch-up of failed deliveries (embedded queue): no pass.
      expect(fake.requests.filter((request) => request.path !== '/app' && request.path !== '/app/hook/deliveries')).toEqual([]);
      main.child.kill('SIGTERM');
      expect((await main.exited).code).toBe(0);
    } finally {
      main.kill();
      await fake.stop();
    }
  });
});
