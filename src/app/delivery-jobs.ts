// Webhook deliveries as work queue jobs: the intake verifies the signature, adds the job and
// answers 202; a worker (this process or, with Redis, any replica) hands it to Probot's
// `receive`. The job's key is the delivery id (X-GitHub-Delivery), so a redelivery of a
// delivery queued, running or done is a no-op. Commands go first and one PR's commands run one
// at a time across replicas; scan publications come next; an installation's deliveries are
// bounded so that one busy installation does not hold every worker.
import type { Probot } from 'probot';
import { JOB_PRIORITY } from '../queue/work-queue.ts';
import type { JobHandler, JobSpec } from '../queue/work-queue.ts';
import { pullKey } from '../services/keyed-queue.ts';
import type { WebhookEvent } from './webhook-intake.ts';

export const DELIVERY_JOB = 'delivery';
/** Deliveries of one installation handled at once (per process embedded, across replicas with Redis). */
export const INSTALLATION_DELIVERY_CONCURRENCY = 8;

interface DeliveryFacts {
  installation?: { id?: unknown };
  repository?: { name?: unknown; owner?: { login?: unknown } };
  issue?: { number?: unknown; pull_request?: unknown };
}

/** The queue key of a delivery. */
export function deliveryKey(id: string): string {
  return `delivery:${id}`;
}

/** The job for a verified delivery: its key, priority and group. */
export function deliveryJob(event: WebhookEvent): JobSpec {
  const facts = (typeof event.payload === 'object' && event.payload !== null ? event.payload : {}) as DeliveryFacts;
  const base = { kind: DELIVERY_JOB, key: deliveryKey(event.id), data: event };
  const owner = facts.repository?.owner?.login;
  const repo = facts.repository?.name;
  const number = facts.issue?.number;
  if (event.name === 'issue_comment' && typeof owner === 'string' && typeof repo === 'string' && typeof number === 'number') {
    return { ...base, priority: JOB_PRIORITY.command, group: `pull:${pullKey({ owner, repo }, number)}`, groupConcurrency: 1 };
  }
  const installation = facts.installation?.id;
  const group = typeof installation === 'number' ? { group: `installation:${installation}`, groupConcurrency: INSTALLATION_DELIVERY_CONCURRENCY } : {};
  return { ...base, priority: event.name === 'workflow_run' ? JOB_PRIORITY.scan : JOB_PRIORITY.delivery, ...group };
}

/** Works a delivery job: Probot's `receive`, as its middleware would have called it. */
export function deliveryHandler(probot: Pick<Probot, 'receive'>): JobHandler {
  return async (job) => {
    const event = job.data as WebhookEvent;
    await probot.receive(event as Parameters<Probot['receive']>[0]);
  };
}
