// Benchmark: webhook acknowledgement while a pass runs, and the time from a failed repository
// to its successful retry within the pass. One server as `npm start` runs it (a child process)
// against the loopback GitHub fake (20 ms late) with 300 configured repositories and the
// production throttle (writes one a second); first with the embedded queue, then with
// REDIS_URL (Debian's redis-server on loopback). While the first pass runs, 300 signed
// deliveries (10 at once) are timed from send to answer. One repository's first write fails
// with a 502: the figure is the time from its `repository check will be retried` to its
// `repository checked`.
//
//   npx node bench/queue-ack.ts
import { createHmac } from 'node:crypto';
import { printFigures } from './check-summary.ts';
import type { Figure } from './check-summary.ts';
import { startGitHubFake } from '../test/fakes/github/index.ts';
import type { GitHubFake } from '../test/fakes/github/index.ts';
import { startRedis } from '../test/helpers/start-redis.ts';
import { freePort, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from '../test/app/ops-harness.ts';
import type { SpawnedMain } from '../test/app/ops-harness.ts';

const REPOS = 300;
const DELIVERIES = 300;
const AT_ONCE = 10;
const SECRET = 'bench-queue-secret';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function seed(): Promise<GitHubFake> {
  const fake = await startGitHubFake({ latencyMs: 20 });
  fake.addInstallation({ id: 5, account: 'acme' });
  for (let i = 0; i < REPOS; i += 1) fake.addRepo({ owner: 'acme', name: `repo-${i}`, installationId: 5, files: { '.github/freshpin.yml': 'minimumAge: 0\n' } });
  // The first write of repo-7 (its dashboard issue) fails once.
  fake.injectFault({ method: 'POST', pathPattern: /^\/repos\/acme\/repo-7\/issues$/, status: 502, times: 1 });
  return fake;
}

async function measure(label: string, redisUrl: string | undefined): Promise<Figure[]> {
  const fake = await seed();
  const dir = tempDir({ 'app.pem': rsaKeyPem() });
  const port = await freePort();
  let main: SpawnedMain | undefined;
  try {
    main = spawnMain(
      isolatedEnv({
        APP_ID: '4242',
        PRIVATE_KEY_PATH: dir.path('app.pem'),
        WEBHOOK_SECRET: SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        GHE_HOST: new URL(fake.url).host,
        GHE_PROTOCOL: 'http',
        FRESHPIN_CRON: '*/5 * * * * *',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        ...(redisUrl === undefined ? {} : { REDIS_URL: redisUrl }),
      }),
      { cwd: dir.dir },
    );
    await main.waitFor((record) => record.msg === 'freshpin started', 'startup', 30_000);
    // Wait for the pass to be writing (a dashboard issue created).
    while (!fake.requests.some((entry) => entry.method === 'POST' && entry.path.endsWith('/issues') && entry.status === 201)) await new Promise((resolve) => setTimeout(resolve, 50));
    const body = JSON.stringify({ zen: 'Speak like a human.', hook_id: 1 });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const times: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < DELIVERIES) {
        const id = next++;
        const started = performance.now();
        const answer = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': `bench-${label}-${id}`, 'x-hub-signature-256': signature }, body });
        await answer.arrayBuffer();
        times.push(performance.now() - started);
        if (answer.status !== 202) throw new Error(`delivery answered ${answer.status}`);
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, worker));
    const retried = await main.waitFor((record) => record.msg === 'repository check will be retried' && record.repo === 'acme/repo-7', 'the retry', 300_000);
    const checked = await main.waitFor((record) => record.msg === 'repository checked' && record.repo === 'acme/repo-7', 'the retried repository', 300_000);
    const writing = main.records.some((record) => record.msg === 'pass finished') ? ' (the pass had finished)' : ' (during the pass)';
    return [
      { label: `${label}: webhook ack p50`, value: `${percentile(times, 50).toFixed(1)} ms${writing}` },
      { label: `${label}: webhook ack p99`, value: `${percentile(times, 99).toFixed(1)} ms (target < 100 ms; n=${times.length}, ${AT_ONCE} at once)` },
      { label: `${label}: failed repository → retried OK`, value: `${(((checked.time ?? 0) - (retried.time ?? 0)) / 1000).toFixed(1)} s (backoff with jitter, then the repository again)` },
    ];
  } finally {
    main?.kill();
    await main?.exited;
    await fake.stop();
    dir.cleanup();
  }
}

const figures = [...(await measure('embedded', undefined))];
const redis = await startRedis();
try {
  figures.push(...(await measure('redis', redis.url)));
} finally {
  await redis.stop();
}
printFigures(figures);
