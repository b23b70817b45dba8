// The work queue's contract, run against each engine (embedded-queue.test.ts, bullmq-queue.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { JobContext, JobEvent, WorkQueue } from '../../src/queue/work-queue.ts';

export interface EngineFactory {
  /** A fresh, empty queue; `onEvent` receives its job events. */
  create(options: { concurrency: number; onEvent: (event: JobEvent) => void }): Promise<WorkQueue>;
}

class HttpError extends Error {
  status: number;
  response: { headers: Record<string, string> };
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.response = { headers };
  }
}

/** Resolves once `check` holds, polling (no timed assertion: the test's own timeout bounds it). */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

export function describeWorkQueueContract(name: string, factory: EngineFactory): void {
  describe(`work queue contract: ${name}`, () => {
    const open: WorkQueue[] = [];
    const events: JobEvent[] = [];
    async function create(concurrency = 4): Promise<WorkQueue> {
      const queue = await factory.create({ concurrency, onEvent: (event) => events.push(event) });
      open.push(queue);
      return queue;
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((queue) => queue.close()));
      events.length = 0;
    });

    it('runs a job with its data and keeps its result', async () => {
      const queue = await create();
      const seen: JobContext[] = [];
      queue.work({ echo: async (job) => (seen.push(job), { doubled: (job.data as { n: number }).n * 2 }) });
      expect(await queue.add({ kind: 'echo', key: 'echo:1', data: { n: 21 } })).toBe(true);
      await until(async () => (await queue.outcome('echo:1'))?.state === 'completed');
      expect(await queue.outcome('echo:1')).toEqual({ state: 'completed', result: { doubled: 42 } });
      expect(seen.map((job) => [job.kind, job.key, job.attempt])).toEqual([['echo', 'echo:1', 1]]);
      expect(await queue.outcome('never-added')).toBeUndefined();
    });

    it('dedupes by key: a second add of a queued or finished job is a no-op', async () => {
      const queue = await create();
      let runs = 0;
      expect(await queue.add({ kind: 'count', key: 'delivery/abc', data: {} })).toBe(true);
      expect(await queue.add({ kind: 'count', key: 'delivery/abc', data: {} })).toBe(false);
      queue.work({ count: async () => (runs += 1) });
      await until(async () => (await queue.outcome('delivery/abc'))?.state === 'completed');
      expect(await queue.add({ kind: 'count', key: 'delivery/abc', data: {} })).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(runs).toBe(1);
    });

    it.each([
      ['a 502', new HttpError(502, 'Bad Gateway')],
      ['a secondary rate limit', new HttpError(403, 'You have exceeded a secondary rate limit', { 'retry-after': '0' })],
      ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ])('retries %s and then succeeds', async (_label, error) => {
      const queue = await create();
      const attempts: number[] = [];
      queue.work({
        flaky: async (job) => {
          attempts.push(job.attempt);
          if (job.attempt === 1) throw error;
          return 'ok';
        },
      });
      await queue.add({ kind: 'flaky', key: 'flaky', data: {}, attempts: 3 });
      await until(async () => (await queue.outcome('flaky'))?.state === 'completed');
      expect(attempts).toEqual([1, 2]);
      expect(events.map((event) => event.outcome)).toEqual(['retried', 'completed']);
    });

    it("honours Retry-After: the retry waits at least what GitHub asked", async () => {
      const queue = await create();
      const at: number[] = [];
      queue.work({
        limited: async (job) => {
          at.push(Date.now());
          if (job.attempt === 1) throw new HttpError(503, 'Service Unavailable', { 'retry-after': '1' });
        },
      });
      await queue.add({ kind: 'limited', key: 'limited', data: {}, attempts: 2 });
      await until(async () => (await queue.outcome('limited'))?.state === 'completed');
      expect(at).toHaveLength(2);
      expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(950);
    });

    it.each([
      ['404 (a deleted repository)', new HttpError(404, 'Not Found'), /404/],
      ['422 (validation)', new HttpError(422, 'Validation Failed'), /422/],
      ['a bug', new TypeError('x is undefined'), /TypeError/],
    ])('does not retry %s: the job lands in the failed set with its reason', async (_label, error, reason) => {
      const queue = await create();
      let runs = 0;
      queue.work({
        doomed: async () => {
          runs += 1;
          throw error;
        },
      });
      await queue.add({ kind: 'doomed', key: 'doomed:1', data: {}, attempts: 5 });
      await until(async () => (await queue.outcome('doomed:1'))?.state === 'failed');
      expect(runs).toBe(1);
      const [failed] = await queue.failed();
      expect(failed).toMatchObject({ kind: 'doomed', key: 'doomed:1', attempts: 1 });
      expect(failed?.reason).toMatch(/^permanent: /);
      expect(failed?.reason).toMatch(reason);
      expect((await queue.counts()).failed).toBe(1);
    });

    it('gives up after its attempts, with the last reason', async () => {
      const queue = await create();
      let runs = 0;
      queue.work({
        down: async () => {
          runs += 1;
          throw new HttpError(500, 'Internal Server Error', { 'retry-after': '0' });
        },
      });
      await queue.add({ kind: 'down', key: 'down', data: {}, attempts: 3 });
      await until(async () => (await queue.outcome('down'))?.state === 'failed');
      expect(runs).toBe(3);
      const outcome = await queue.outcome('down');
      expect(outcome?.state === 'failed' ? outcome.reason : '').toMatch(/gave up after 3 tries: HttpError 500/);
      expect(events.filter((event) => event.outcome === 'failed')).toHaveLength(1);
    });

    it('runs higher priorities first (commands ahead of pass work)', async () => {
      const queue = await create(1);
      const order: string[] = [];
      for (let i = 0; i < 3; i += 1) await queue.add({ kind: 'job', key: `repository:${i}`, data: `repository:${i}`, priority: 10 });
      await queue.add({ kind: 'job', key: 'command:1', data: 'command:1', priority: 1 });
      queue.work({ job: async (job) => void order.push(job.data as string) });
      await until(() => order.length === 4);
      expect(order[0]).toBe('command:1');
      expect(order.slice(1)).toEqual(['repository:0', 'repository:1', 'repository:2']);
    });

    it('bounds the jobs of one group at once, while other groups go on', async () => {
      const queue = await create(6);
      const running = new Map<string, number>();
      const peak = new Map<string, number>();
      queue.work({
        slow: async (job) => {
          const group = (job.data as { group: string }).group;
          running.set(group, (running.get(group) ?? 0) + 1);
          peak.set(group, Math.max(peak.get(group) ?? 0, running.get(group) ?? 0));
          await new Promise((resolve) => setTimeout(resolve, 60));
          running.set(group, (running.get(group) ?? 1) - 1);
        },
      });
      for (let i = 0; i < 4; i += 1) await queue.add({ kind: 'slow', key: `pr:${i}`, data: { group: 'pr' }, group: 'owner/repo#1' });
      for (let i = 0; i < 4; i += 1) await queue.add({ kind: 'slow', key: `inst:${i}`, data: { group: 'inst' }, group: 'installation:7', groupConcurrency: 2 });
      await until(async () => (await queue.counts()).completed === 8);
      expect(peak.get('pr')).toBe(1);
      expect(peak.get('inst')).toBe(2);
    });

    it('close() waits for the jobs in hand', async () => {
      const queue = await create();
      let finished = false;
      let started = false;
      queue.work({
        long: async () => {
          started = true;
          await new Promise((resolve) => setTimeout(resolve, 150));
          finished = true;
        },
      });
      await queue.add({ kind: 'long', key: 'long', data: {} });
      await until(() => started);
      await queue.close();
      open.splice(open.indexOf(queue), 1);
      expect(finished).toBe(true);
    });

    it('is ready while it runs', async () => {
      const queue = await create();
      expect(await queue.ready()).toBe(true);
    });
  });
}
