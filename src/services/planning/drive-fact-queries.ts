// Drives pure step functions of the planning core (`planPin`, `proposeCodename`, …) with
// registry facts: asks every pending step what it needs, fetches those facts (deduplicated,
// a few at a time) from the TagSource, and repeats until every step is done. Registry
// failures become facts ("unknown, skipped"), never throws for them.
import type { FactError, TagFacts, TagListing } from '../../core/model.ts';
import { createFactsStore, factKey } from '../../core/plan/facts-store.ts';
import type { FactsStore } from '../../core/plan/facts-store.ts';
import type { FactQuery, FactsView, Step } from '../../core/plan/plan-types.ts';
import { RegistryUnavailableError, isRegistryError } from '../../registry/registry-errors.ts';
import type { TagSource } from '../../registry/tag-source.ts';

/** One step function to drive, under the key its result is stored by ("job" is only ever a RepoJob). */
export interface KeyedStep<T> {
  key: string;
  step: (facts: FactsView) => Step<T>;
}

export interface DriveOptions {
  concurrency?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** A store to start from (and keep filling): lets a caller read the facts afterwards. */
  facts?: FactsStore;
  /** Names the decision in the "did not settle" error. */
  what?: string;
}

export interface DrivenResults<T> {
  values: Map<string, T>;
  /** Facts fetched, and how many of them failed because a registry was unreachable. */
  fetched: number;
  unreachable: number;
  firstUnreachable?: string;
  facts: FactsStore;
}

const MAX_ROUNDS = 64;

type Answer = { fact: TagListing | TagFacts | FactError; unreachable: boolean };

async function fetchFact(source: TagSource, query: FactQuery): Promise<Answer> {
  try {
    const fact = query.type === 'list' ? await source.listTags(query.image, query.prefix) : await source.describeTag(query.image, query.tag);
    return { fact, unreachable: false };
  } catch (error) {
    if (isRegistryError(error)) return { fact: { error: error.message }, unreachable: error instanceof RegistryUnavailableError };
    throw error;
  }
}

async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Runs every job to `done`, fetching the facts they ask for round by round. */
export async function driveFactQueries<T>(jobs: readonly KeyedStep<T>[], source: TagSource, options: DriveOptions = {}): Promise<DrivenResults<T>> {
  const facts = options.facts ?? createFactsStore();
  const result: DrivenResults<T> = { values: new Map(), fetched: 0, unreachable: 0, facts };
  let pending = [...jobs];
  for (let round = 0; pending.length > 0; round += 1) {
    const queries = new Map<string, FactQuery>();
    const waiting: KeyedStep<T>[] = [];
    for (const job of pending) {
      const step = job.step(facts);
      if (step.kind === 'done') {
        result.values.set(job.key, step.value);
        continue;
      }
      waiting.push(job);
      for (const query of step.queries) if (!facts.has(query)) queries.set(factKey(query), query);
    }
    options.onProgress?.({ done: result.values.size, total: jobs.length });
    pending = waiting;
    if (pending.length === 0) break;
    if (queries.size === 0 || round >= MAX_ROUNDS) {
      throw new Error(`the ${options.what ?? 'decision'} did not settle for ${pending.map((job) => job.key).join(', ')}`);
    }
    await runLimited([...queries.values()], options.concurrency ?? 8, async (query) => {
      const { fact, unreachable } = await fetchFact(source, query);
      result.fetched += 1;
      if (unreachable && 'error' in fact) {
        result.unreachable += 1;
        result.firstUnreachable ??= fact.error;
      }
      facts.record(query, fact);
    });
  }
  return result;
}

/** Drives a single step function; returns its value and the facts it used. */
export async function driveOne<T>(step: (facts: FactsView) => Step<T>, source: TagSource, options: DriveOptions = {}): Promise<{ value: T; facts: FactsStore }> {
  const driven = await driveFactQueries([{ key: 'one', step }], source, options);
  if (!driven.values.has('one')) throw new Error(`the ${options.what ?? 'decision'} gave no result`);
  return { value: driven.values.get('one') as T, facts: driven.facts };
}
