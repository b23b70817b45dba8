// The BullMQ engine against a real redis-server on loopback: the same contract as the embedded one.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from '../../src/queue/bullmq-queue.ts';
import { startRedis } from '../helpers/start-redis.ts';
import type { RunningRedis } from '../helpers/start-redis.ts';
import { describeWorkQueueContract } from './work-queue-contract.ts';

let redis: RunningRedis;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describeWorkQueueContract('bullmq', {
  async create({ concurrency, onEvent }) {
    prefixes += 1;
    return createBullmqQueue({ url: redis.url, prefix: `contract${prefixes}`, concurrency, onEvent, backoff: { baseMs: 10, maxMs: 2_000 } });
  },
});

describe('bullmq engine on Redis', () => {
  it('is not ready while Redis is unreachable', async () => {
    const queue = createBullmqQueue({ url: 'redis://127.0.0.1:1', prefix: 'unreachable', onError: () => undefined });
    expect(await queue.ready()).toBe(false);
    await queue.close().catch(() => undefined);
  });

  it('hands the job of a killed worker process to another worker (stalled-job recovery)', async () => {
    prefixes += 1;
    const prefix = `stalled${prefixes}`;
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/stalling-worker.ts', import.meta.url)), redis.url, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const queue = createBullmqQueue({ url: redis.url, prefix, lockDurationMs: 1_000, stalledIntervalMs: 500 });
    await queue.add({ kind: 'once', key: 'crash-me', data: {} });
    while (!output.includes('started crash-me')) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await exited;
    queue.work({ once: async () => 'rescued' });
    while ((await queue.outcome('crash-me'))?.state !== 'completed') await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await queue.outcome('crash-me')).toEqual({ state: 'completed', result: 'rescued' });
    await queue.close();
  });
});
