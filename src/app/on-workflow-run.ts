// workflow_run.completed → the scan result on the bump PR (issue #4). The payload is
// validated here, permissively; everything else is the service's
// (src/services/publish-scan-result.ts).
import type { Probot } from 'probot';
import { z } from 'zod';
import { handleScanRunCompleted, screenScanRun } from '../services/scans/publish-scan-result.ts';
import { PUBLISH_SCAN } from './compose-app.ts';
import type { ScanRun } from '../services/scans/publish-scan-result.ts';
import type { AppRuntime } from './app-runtime.ts';

const WorkflowRunPayload = z.looseObject({
  workflow_run: z.looseObject({
    id: z.number().int(),
    run_attempt: z.number().int().optional().catch(undefined),
    head_sha: z.string(),
    head_branch: z.string().nullish().catch(null),
    status: z.string().nullish().catch(null),
    conclusion: z.string().nullish().catch(null),
    html_url: z.string().catch(''),
    event: z.string().catch(''),
    path: z.string().optional().catch(undefined),
    head_repository: z.looseObject({ full_name: z.string() }).nullish().catch(null),
  }),
  repository: z.looseObject({ name: z.string(), full_name: z.string(), owner: z.looseObject({ login: z.string() }) }),
  installation: z.looseObject({ id: z.number().int() }).optional().catch(undefined),
});

/** The run as the service takes it. */
export function toScanRun(payload: z.output<typeof WorkflowRunPayload>): ScanRun {
  const run = payload.workflow_run;
  return {
    id: run.id,
    ...(run.run_attempt === undefined ? {} : { runAttempt: run.run_attempt }),
    headSha: run.head_sha,
    headBranch: run.head_branch ?? null,
    status: run.status ?? null,
    conclusion: run.conclusion ?? null,
    htmlUrl: run.html_url,
    event: run.event,
    ...(run.path === undefined ? {} : { path: run.path }),
    headRepoFullName: run.head_repository?.full_name ?? null,
  };
}

export function onWorkflowRun(app: Probot, runtime: AppRuntime): void {
  app.on('workflow_run.completed', async (context) => {
    const parsed = WorkflowRunPayload.safeParse(context.payload);
    if (!parsed.success) {
      app.log.warn({ delivery: context.id, issue: parsed.error.issues[0]?.message }, 'workflow_run payload not understood; ignored');
      return;
    }
    const { repository, installation } = parsed.data;
    const run = toScanRun(parsed.data);
    const log = app.log.child({ installation: installation?.id, repo: repository.full_name, run: run.id });
    const ignored = installation === undefined ? 'no installation' : screenScanRun(run, repository.full_name);
    if (ignored !== undefined) {
      log.debug({ reason: ignored }, 'workflow run ignored');
      return;
    }
    const identity = await runtime.identity(app);
    const job = runtime.job(context.octokit, { owner: repository.owner.login, repo: repository.name }, identity, log);
    const outcome = await handleScanRunCompleted(job, run, PUBLISH_SCAN);
    log.info({ outcome }, outcome.kind === 'ignored' ? 'workflow run ignored' : 'workflow run handled');
  });
}
