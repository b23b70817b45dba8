// Benchmark: pass throughput against worker processes on Redis (issue 14). N repositories in
// a few installations on the loopback GitHub fake (20 ms late); 1, 2, then 3 `npm start`
// replicas sharing Debian's redis-server, NODE_ENV=production (Probot's production throttle,
// clustered on Redis). One full pass job is queued; the pass job selects the repositories and
// fans each out as a `repository` job, worked by every replica. The figure is the wall time
// from the pass job's add to its completion, and the ratio to one worker. Repositories hold a
// Dockerfile with no pin; a warm-up pass writes each repository's first state (dashboards, paced
// at a write a second fleet-wide by the production throttle), so the measured passes are reads
// (GitHub's latency bound), as a steady-state weekly pass mostly is.
//
//   npx node bench/pass-workers.ts [repositories]   (default 100: the warm-up's writes take about
//   two seconds a repository; the 2,000 would take over an hour here)
import { printFigures } from './check-summary.ts';
import type { Figure } from './check-summary.ts';
import { createBullmqQueue } from '../src/queue/bullmq-queue.ts';
import { passJobTemplate, waitForJob } from '../src/app/pass-jobs.ts';
import { startGitHubFake } from '../test/fakes/github/index.ts';
import { startRedis } from '../test/helpers/start-redis.ts';
import { freePort, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from '../test/app/ops-harness.ts';
import type { SpawnedMain } from '../test/app/ops-harness.ts';

const REPOS = Number(process.argv[2] ?? 100);
const INSTALLATIONS = 4;

const redis = await startRedis();
const fake = await startGitHubFake({ latencyMs: 20 });
const dir = tempDir({ 'app.pem': rsaKeyPem() });
for (let i = 0; i < INSTALLATIONS; i += 1) fake.addInstallation({ id: 100 + i, account: `org-${i}` });
for (let i = 0; i < REPOS; i += 1) fake.addRepo({ owner: `org-${i % INSTALLATIONS}`, name: `repo-${i}`, installationId: 100 + (i % INSTALLATIONS), files: { Dockerfile: 'FROM scratch\nCOPY app /app\n' } });

let runs = 0;

async function measure(workers: number): Promise<{ seconds: number; writes: number; summary: unknown; failures: string[] }> {
  runs += 1;
  const prefix = `bench-workers-${runs}`;
  const mains: SpawnedMain[] = [];
  try {
    for (let i = 0; i < workers; i += 1) {
      const env = isolatedEnv({ APP_ID: '4242', PRIVATE_KEY_PATH: dir.path('app.pem'), WEBHOOK_SECRET: 'bench', PORT: String(await freePort()), HOST: '127.0.0.1', GHE_HOST: new URL(fake.url).host, GHE_PROTOCOL: 'http', REDIS_URL: redis.url, FRESHPIN_QUEUE_PREFIX: prefix, FRESHPIN_CRON: 'off', DOCKERHUB_API_URL: 'none', NODE_ENV: 'production', LOG_LEVEL: 'info' });
      mains.push(spawnMain(env, { cwd: dir.dir }));
    }
    await Promise.all(mains.map((main) => main.waitFor((record) => record.msg === 'freshpin started', 'startup', 60_000)));
    const producer = createBullmqQueue({ url: redis.url, prefix });
    const before = fake.requests.filter((entry) => entry.method !== 'GET').length;
    const started = performance.now();
    await producer.add({ ...passJobTemplate('full'), key: `pass:bench:${runs}` });
    const outcome = await waitForJob(producer, `pass:bench:${runs}`, 100);
    const seconds = (performance.now() - started) / 1000;
    await producer.close();
    if (outcome.state !== 'completed') throw new Error(`the pass failed: ${outcome.reason}`);
    // Why repositories failed, if any did (the summary's `failed`).
    const failures = mains.flatMap((main) => main.records.filter((record) => Number(record.level) >= 50).map((record) => `${String(record.msg)} ${String(record.repo ?? record.key ?? record.installation)}: ${JSON.stringify(record.err ?? record.reason).slice(0, 300)}`));
    return { seconds, writes: fake.requests.filter((entry) => entry.method !== 'GET').length - before, summary: outcome.result, failures };
  } finally {
    for (const main of mains) main.kill();
    await Promise.all(mains.map((main) => main.exited));
  }
}

const figures: Figure[] = [];
try {
  // A warm-up pass (first writes, if any) so that each measured pass finds the same state.
  await measure(1);
  let one = 0;
  for (const workers of [1, 2, 3]) {
    const { seconds, writes, summary, failures } = await measure(workers);
    if (workers === 1) one = seconds;
    console.log(JSON.stringify({ workers, seconds, writes, summary, failures }));
    figures.push({ label: `pass over ${REPOS} repositories, ${workers} worker process${workers === 1 ? '' : 'es'} (Redis, production throttle)`, value: `${seconds.toFixed(1)} s (${(REPOS / seconds).toFixed(1)} repositories/s; ×${(one / seconds).toFixed(2)} vs 1 worker)` });
  }
} finally {
  await fake.stop();
  await redis.stop();
  dir.cleanup();
}
printFigures(figures);
