// The Probot app: each event goes to its handler module; no logic here.
import type { ApplicationFunction } from 'probot';
import type { AppRuntime } from './app-runtime.ts';
import { onIndexEvents } from './on-index-events.ts';
import { onIssueComment } from './on-issue-comment.ts';
import { onRepositoryEvents } from './on-repository-events.ts';
import { onWorkflowRun } from './on-workflow-run.ts';
import type { Readiness } from './ops-endpoints.ts';
import { createOpsHandler } from './ops-endpoints.ts';

export function freshpinApp(runtime: AppRuntime, readiness: Readiness): ApplicationFunction {
  return (app, { addHandler }) => {
    app.onAny(async (context) => {
      runtime.metrics.webhookDeliveries.inc({ event: context.name });
    });
    onIndexEvents(app, runtime);
    onRepositoryEvents(app, runtime);
    onWorkflowRun(app, runtime);
    onIssueComment(app, runtime);
    addHandler(createOpsHandler(app, runtime, readiness));
  };
}
