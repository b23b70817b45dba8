// Replicas on Redis, end to end: real `npm start` processes sharing one redis-server (Debian's,
// on loopback), against the stateful GitHub fake and a real registry. 1. Three replicas work a
// pass; the one running it is SIGKILLed while it writes a bump PR; another takes the pass up
// (BullMQ's stalled-job check): exactly one PR per pin, no branch without its PR, and the
// repository with an injected 502 on POST /pulls bumped in the same pass. 2. 100 signed
// deliveries (50 commands, each delivered to two replicas) all answered 202, each command
// answered once. 2b. Two replicas share one pass: its repository jobs are checked by both
// processes, one PR per pin, the pass job's summary sums them. 3. Two replicas with a schedule every 2 s: one pass per tick, not two.
import { Octokit } from '@octokit/rest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { passJobTemplate } from '../../src/app/pass-jobs.ts';
import { createBullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import { readBumpPulls, readComments } from '../helpers/app-harness.ts';
import { startDockerRegistry } from '../helpers/start-docker-registry.ts';
import type { RunningRegistry } from '../helpers/start-docker-registry.ts';
import { seedImages } from '../helpers/seed-registry.ts';
import { startRedis } from '../helpers/start-redis.ts';
import type { RunningRedis } from '../helpers/start-redis.ts';
import { commentPayload } from './command-payloads.ts';
import type { SpawnedMain } from './ops-harness.ts';
import { freePort, http, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from './ops-harness.ts';

const INSTALLATION = 21;
const OWNER = 'acme';
const SECRET = 'replicas-test-secret';
// Few: writes are paced at one a second for the whole fleet (Probot's throttle on Redis), and a
// killed replica's write slot is only freed when its lease expires (60 s).
const REPOS = Array.from({ length: 3 }, (_, i) => `service-${i + 1}`);
const FLAKY = 'service-2';

let redis: RunningRedis;
let registry: RunningRegistry;
let fake: GitHubFake;
let dir: ReturnType<typeof tempDir>;
const running: SpawnedMain[] = [];
let prefixes = 0;

beforeAll(async () => {
  [redis, registry, fake] = await Promise.all([startRedis(), startDockerRegistry(), startGitHubFake({ latencyMs: 20 })]);
  await seedImages(registry.url, ['stable-20261101', 'stable-20261120'].map((tag) => ({ repository: 'acme/base', tag })));
  dir = tempDir({ 'app.pem': rsaKeyPem() });
}, 60_000);

afterAll(async () => {
  for (const main of running) main.kill();
  await Promise.all([redis?.stop(), registry?.stop(), fake?.stop()]);
  dir?.cleanup();
});

afterEach(async () => {
  for (const main of running.splice(0)) {
    main.kill();
    await main.exited;
  }
});

function replicaEnv(port: number, prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return isolatedEnv({
    APP_ID: '4242',
    PRIVATE_KEY_PATH: dir.path('app.pem'),
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
    REDIS_URL: redis.url,
    FRESHPIN_QUEUE_PREFIX: prefix,
    FRESHPIN_JOB_LOCK_SECONDS: '2',
    FRESHPIN_CRON: 'off',
    FRESHPIN_NOW: '2026-11-29',
    FRESHPIN_REGISTRY_MIRRORS: `docker.io=${registry.url}`,
    DOCKERHUB_API_URL: 'none',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    ...extra,
  });
}

async function startReplicas(count: number, prefix: string, extra: Record<string, string> = {}): Promise<Array<{ main: SpawnedMain; base: string }>> {
  const replicas = [];
  for (let i = 0; i < count; i += 1) {
    const port = await freePort();
    const main = spawnMain(replicaEnv(port, prefix, extra), { cwd: dir.dir });
    running.push(main);
    replicas.push({ main, base: `http://127.0.0.1:${port}` });
  }
  await Promise.all(replicas.map(({ main }) => main.waitFor((record) => record.msg === 'freshpin started', 'startup', 30_000)));
  return replicas;
}

function seedRepos(names: readonly string[] = REPOS): void {
  fake.reset();
  fake.setWebhookTarget('http://127.0.0.1:1/unused', SECRET);
  fake.addInstallation({ id: INSTALLATION, account: OWNER });
  for (const name of names) {
    fake.addRepo({ owner: OWNER, name, installationId: INSTALLATION, files: { '.github/freshpin.yml': 'minimumAge: 0\n', Dockerfile: 'FROM acme/base:stable-20261101\nRUN true\n' } });
    fake.setPermission(OWNER, name, 'maintainer', 'write');
  }
}

async function freshpinBranches(name: string): Promise<string[]> {
  const octokit = new Octokit({ baseUrl: fake.apiUrl, auth: fake.createInstallationToken(INSTALLATION), request: { fetch } });
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { owner: OWNER, repo: name, ref: 'heads/freshpin/' });
  return data.map((ref) => ref.ref.replace(/^refs\/heads\//, '')).sort();
}

const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 90_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${running.map((main) => main.stdout().slice(-3000) + main.stderr().slice(-1000)).join('\n----\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('replicas on Redis', () => {
  it('a pass survives the SIGKILL of the replica writing a bump PR: one PR per pin, no orphan branch, the 502 retried within the pass', async () => {
    seedRepos();
    fake.injectFault({ method: 'POST', pathPattern: new RegExp(`^/repos/${OWNER}/${FLAKY}/pulls$`), status: 502, times: 1 });
    const prefix = `e2e-pass-${(prefixes += 1)}`;
    const replicas = await startReplicas(3, prefix);
    const producer = createBullmqQueue({ url: redis.url, prefix });
    await producer.add({ ...passJobTemplate(), key: 'pass:e2e' });
    // The replica that took the pass, then the first bump write it makes.
    await until(() => replicas.some(({ main }) => main.records.some((record) => record.msg === 'pass job started')), 'a replica to take the pass');
    const worker = replicas.find(({ main }) => main.records.some((record) => record.msg === 'pass job started'));
    await until(() => fake.requests.some((entry) => entry.method === 'POST' && /\/git\/(trees|refs)$/.test(entry.path) && entry.status === 201), 'a bump PR being written');
    worker?.main.child.kill('SIGKILL');
    await worker?.main.exited;
    await until(async () => (await producer.outcome('pass:e2e'))?.state !== 'pending', 'the pass to finish on another replica', 200_000);
    const outcome = await producer.outcome('pass:e2e');
    await producer.close();
    expect(outcome).toMatchObject({ state: 'completed', result: { repositories: REPOS.length, failed: 0 } });
    const takers = replicas.filter(({ main }) => main.records.some((record) => record.msg === 'pass job started'));
    expect(takers.length).toBeGreaterThanOrEqual(2);
    for (const name of REPOS) {
      const pulls = readBumpPulls(fake, { owner: OWNER, repo: name });
      expect(pulls.map((pull) => pull.state), name).toEqual(['open']);
      expect(await freshpinBranches(name), name).toEqual(pulls.map((pull) => pull.branch));
    }
    const flakyPosts = fake.requests.filter((entry) => entry.method === 'POST' && entry.path === `/repos/${OWNER}/${FLAKY}/pulls`).map((entry) => entry.status);
    expect(flakyPosts).toEqual([502, 201]);
  }, 300_000);

  it('a pass with two replicas spreads its repository jobs over both: each checks repositories, one PR per pin', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `spread-${i + 1}`);
    seedRepos(names);
    const prefix = `e2e-spread-${(prefixes += 1)}`;
    const replicas = await startReplicas(2, prefix);
    const producer = createBullmqQueue({ url: redis.url, prefix });
    await producer.add({ ...passJobTemplate(), key: 'pass:spread' });
    await until(async () => (await producer.outcome('pass:spread'))?.state !== 'pending', 'the pass', 200_000);
    const outcome = await producer.outcome('pass:spread');
    const jobs = await Promise.all(names.map((name) => producer.outcome(`repo:pass:spread:${OWNER}/${name}`)));
    await producer.close();
    expect(outcome).toMatchObject({ state: 'completed', result: { repositories: names.length, failed: 0 } });
    expect(jobs.map((job) => job?.state)).toEqual(names.map(() => 'completed'));
    const checkedBy = replicas.map(({ main }) => main.records.filter((record) => record.msg === 'repository checked').map((record) => String(record.repo)));
    // Every repository checked once, and by both processes between them.
    expect(checkedBy.flat().sort()).toEqual(names.map((name) => `${OWNER}/${name}`).sort());
    for (const checked of checkedBy) expect(checked.length).toBeGreaterThan(0);
    for (const name of names) expect(readBumpPulls(fake, { owner: OWNER, repo: name }).map((pull) => pull.state), name).toEqual(['open']);
  }, 300_000);

  it('acknowledges 100 signed deliveries across replicas with 202, and answers every command once', async () => {
    seedRepos();
    const prefix = `e2e-ack-${(prefixes += 1)}`;
    const replicas = await startReplicas(3, prefix);
    const pull = { number: 1 };
    // An open bump PR to comment on: a pass makes them.
    const producer = createBullmqQueue({ url: redis.url, prefix });
    await producer.add({ ...passJobTemplate(), key: 'pass:ack' });
    await until(async () => (await producer.outcome('pass:ack'))?.state === 'completed', 'the pass');
    await producer.close();
    const bumps = REPOS.map((name) => ({ name, pull: readBumpPulls(fake, { owner: OWNER, repo: name })[0] }));
    const deliveries: Array<{ replica: string; guid: string; body: string }> = [];
    // 10 commands, each delivered 10 times (redeliveries, racing deliveries) round the replicas: 100 deliveries.
    for (let i = 0; i < 10; i += 1) {
      const target = bumps[i % bumps.length];
      const number = target?.pull?.number ?? pull.number;
      const comment = fake.addComment(OWNER, target?.name ?? '', number, { login: 'maintainer', body: '@freshpin help' });
      const payload = commentPayload({ owner: OWNER, repo: target?.name ?? '', installationId: INSTALLATION, issue: { number, authorLogin: 'freshpin[bot]', authorType: 'Bot', isPull: true, body: target?.pull?.body ?? '' }, comment: { id: comment.id as number, body: '@freshpin help' }, sender: { login: 'maintainer' } });
      (payload as { installation: { id: number } }).installation = { id: INSTALLATION };
      const body = JSON.stringify(payload);
      for (let copy = 0; copy < 10; copy += 1) deliveries.push({ replica: replicas[(i + copy) % replicas.length]?.base ?? '', guid: `ack-${i}`, body });
    }
    const answers = await Promise.all(
      deliveries.map(({ replica, guid, body }) =>
        http(`${replica}/api/github/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': guid, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
          body,
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(deliveries.map(() => 202));
    const commandLines = () => replicas.flatMap(({ main }) => main.records.filter((record) => record.msg === 'command'));
    expect(deliveries).toHaveLength(100);
    await until(() => commandLines().length >= 10, '10 commands', 120_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(commandLines()).toHaveLength(10);
    for (const { name, pull: bump } of bumps) {
      const replies = readComments(fake, { owner: OWNER, repo: name }, bump?.number ?? 0).filter((comment) => comment.body.includes('command-reply-'));
      const commands = fake.comments(OWNER, name, bump?.number ?? 0).filter((comment) => comment.body === '@freshpin help');
      expect(replies, name).toHaveLength(commands.length);
    }
  }, 300_000);

  it('freshpin cycle with REDIS_URL queues one pass, works it (no replica running) and exits 0 with its summary', async () => {
    seedRepos(['lonely']);
    const prefix = `e2e-cycle-${(prefixes += 1)}`;
    const env = replicaEnv(await freePort(), prefix);
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/freshpin.js', import.meta.url)), 'cycle'], { cwd: dir.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr: stderr.slice(-2000) }).toMatchObject({ code: 0, stderr: expect.stringContaining('freshpin: pass over 1 repositories in 1 installations, 0 failed') });
    expect(readBumpPulls(fake, { owner: OWNER, repo: 'lonely' })).toHaveLength(1);
  }, 120_000);

  it('two replicas with a schedule every 2 s run one pass per tick, not two', async () => {
    seedRepos(['quiet']);
    const prefix = `e2e-schedule-${(prefixes += 1)}`;
    const replicas = await startReplicas(2, prefix, { FRESHPIN_CRON: '*/2 * * * * *' });
    const starts = () => replicas.flatMap(({ main }) => main.records.filter((record) => record.msg === 'pass job started').map((record) => String(record.job)));
    await until(() => starts().length >= 3, 'three ticks', 90_000);
    const seen = starts();
    expect(new Set(seen).size).toBe(seen.length);
    const finished = replicas.flatMap(({ main }) => main.records.filter((record) => record.msg === 'pass finished'));
    expect(finished.length).toBeLessThanOrEqual(seen.length);
  }, 120_000);
});
