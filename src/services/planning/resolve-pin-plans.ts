// Drives the pure, iterative bump decision: every pin's `planPin` step, fed with registry
// facts round by round (see drive-fact-queries.ts) until every pin is decided. Registry
// failures become facts ("unknown, skipped"), never throws.
import { planPin } from '../../core/plan/plan-pin.ts';
import type { PinPlan, PlanInput, Step } from '../../core/plan/plan-types.ts';
import type { TagSource } from '../../registry/tag-source.ts';
import { driveFactQueries } from './drive-fact-queries.ts';

/** One pin to decide, under the key its plan is stored by (`pinKey(file, pin.id)`). */
export interface PinToPlan {
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

/** Plans every pin, fetching facts round by round. */
export async function resolvePinPlans(jobs: readonly PinToPlan[], source: TagSource, options: ResolveOptions = {}): Promise<ResolvedPlans> {
  const driven = await driveFactQueries(
    jobs.map((job) => ({
      key: job.key,
      step: (facts): Step<PinPlan> => {
        const step = planPin({ ...job.input, facts });
        return step.kind === 'done' ? { kind: 'done', value: step.plan } : step;
      },
    })),
    source,
    { ...options, what: 'bump decision' },
  );
  const result: ResolvedPlans = { plans: driven.values, fetched: driven.fetched, unreachable: driven.unreachable };
  if (driven.firstUnreachable !== undefined) result.firstUnreachable = driven.firstUnreachable;
  return result;
}
