// Builds a `workflow_run` webhook payload (action `completed`) for a run,
// starting from the example in @octokit/webhooks-examples so every field
// GitHub sends is present, with the run's own values filled in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runJson, workflowJson } from './shapes-actions.ts';
import { nodeId, repoJson, userJson } from './shapes-basic.ts';
import type { ShapeContext } from './shapes-basic.ts';
import type { Repo, WorkflowRun } from './fake-state.ts';

let example: Record<string, unknown> | undefined;

function completedExample(): Record<string, unknown> {
  if (example) return example;
  const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json');
  const defs = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
  const found = defs.find((d) => d.name === 'workflow_run')?.examples.find((e) => e.action === 'completed');
  if (!found) throw new Error('no workflow_run.completed example in @octokit/webhooks-examples');
  example = found;
  return found;
}

/** The `workflow_run` webhook payload GitHub would deliver when `run` completes. */
export function workflowRunCompletedPayload(ctx: ShapeContext, repo: Repo, run: WorkflowRun, installationId: number | undefined): Record<string, unknown> {
  const base = structuredClone(completedExample());
  const repository = repoJson(ctx, repo);
  const payload: Record<string, unknown> = {
    ...base,
    action: 'completed',
    workflow_run: { ...(base.workflow_run as Record<string, unknown>), ...runJson(ctx, repo, run) },
    workflow: workflowJson(ctx, repo, run.workflowId, run.workflowPath, run.name),
    repository,
    sender: userJson(ctx, run.actor),
  };
  if (repo.ownerType === 'Organization') {
    payload.organization = { ...(base.organization as Record<string, unknown>), login: repo.owner, id: repo.ownerId, url: `${ctx.api}/orgs/${repo.owner}` };
  } else {
    delete payload.organization;
  }
  if (installationId !== undefined) payload.installation = { id: installationId, node_id: nodeId('MDIz', installationId) };
  return payload;
}
