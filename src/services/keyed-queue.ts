// Serialises work per key (one pull request) inside this process: two commands racing on
// the same PR run one after the other, each re-reading the PR before acting. Across
// replicas, the merge `sha` guard and the state checks do the same job. The queues are
// members of the runtime (`JobQueues` in repo-job.ts), not module globals.

export interface KeyedQueue {
  /** Runs `task` after every task queued before it under `key`; resolves or rejects with it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with queued or running work (for tests and metrics). */
  readonly size: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}

/** The queue key of one pull request. */
export function pullKey(repo: { owner: string; repo: string }, number: number): string {
  return `${repo.owner}/${repo.repo}#${number}`.toLowerCase();
}
