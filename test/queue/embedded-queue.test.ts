import { createEmbeddedQueue } from '../../src/queue/embedded-queue.ts';
import { describeWorkQueueContract } from './work-queue-contract.ts';

describeWorkQueueContract('embedded', {
  async create({ concurrency, onEvent }) {
    return createEmbeddedQueue({ concurrency, onEvent, backoff: { baseMs: 10, maxMs: 2_000 } });
  },
});
