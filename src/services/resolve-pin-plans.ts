// Drives the pure, iterative bump decision: asks every pending pin what facts it needs,
// fetches them all (deduplicated, a few at a time) from the TagSource, and repeats until
// every pin is decided. Registry failures become facts ("unknown, skipped"), never throws.
import type { FactError, TagFacts, TagListing } from '../core/model.ts';
import { createFactsStore, factKey } from '../core/plan/facts-store.ts';
import { planPin } from '../core/plan/plan-pin.ts';
import type { FactQuery, PinPlan, PlanInput } from '../core/plan/plan-types.ts';
import { RegistryUnavailableError, isRegistryError } from '../registry/registry-errors.ts';
import type { TagSource } from '../registry/tag-source.ts';

export interface PinJob {
  key: string;
  input: Omit<PlanInput, 'facts'>;
}

export interface ResolveOptions {
  concurrency?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface ResolvedPlans {
  plans: Map<string, PinPlan>;
  /** Facts fetched, and how many of them failed because a registry was unreachable. */
  fetched: number;
  unreachable: number;
  firstUnreachable?: string;
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

/** Plans every pin, fetching facts round by round. */
export async function resolvePinPlans(jobs: readonly PinJob[], source: TagSource, options: ResolveOptions = {}): Promise<ResolvedPlans> {
  const facts = createFactsStore();
  const result: ResolvedPlans = { plans: new Map(), fetched: 0, unreachable: 0 };
  let pending = [...jobs];
  for (let round = 0; pending.length > 0; round += 1) {
    const queries = new Map<string, FactQuery>();
    const waiting: PinJob[] = [];
    for (const job of pending) {
      const step = planPin({ ...job.input, facts });
      if (step.kind === 'done') {
        result.plans.set(job.key, step.plan);
        continue;
      }
      waiting.push(job);
      for (const query of step.queries) if (!facts.has(query)) queries.set(factKey(query), query);
    }
    options.onProgress?.({ done: result.plans.size, total: jobs.length });
    pending = waiting;
    if (pending.length === 0) break;
    if (queries.size === 0 || round >= MAX_ROUNDS) {
      throw new Error(`the bump decision did not settle for ${pending.map((job) => job.key).join(', ')}`);
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
