// GitHub Actions workflows: dispatching one (and learning its run id), and reading runs.
// `return_run_details: true` makes GitHub answer the dispatch with the run id; servers
// that reject the field (older GHES) get the plain dispatch, and the run is found by
// listing the workflow's runs before and after.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { failureMentions, isGitHubFailure, withGitHubContext } from './github-errors.ts';
import { parsePayload, undefinedIfNotFound } from './github-payload.ts';

export interface WorkflowRun {
  id: number;
  workflowId?: number;
  name?: string;
  event: string;
  /** `queued`, `in_progress`, `completed`, … */
  status: string | null;
  /** `success`, `failure`, `cancelled`, … once completed. */
  conclusion: string | null;
  headSha: string;
  headBranch: string | null;
  htmlUrl: string;
  createdAt: string;
  runAttempt?: number;
}

export interface DispatchInput {
  /** Workflow file name (`freshpin-check.yml`) or id. */
  workflow: string | number;
  /** Branch or tag to run on. */
  gitRef: string;
  inputs?: Record<string, string | number | boolean>;
  /** The commit `gitRef` points at; narrows the run search of the fallback. */
  headSha?: string;
  /** Waits between run-search polls (fallback only). Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Run-search polls (fallback only). Default 5, 2 s apart. */
  pollAttempts?: number;
  pollIntervalMs?: number;
}

export type DispatchResult = { status: 'dispatched'; runId?: number; htmlUrl?: string } | { status: 'missing-workflow' };

const RunSchema = z.looseObject({
  id: z.number(),
  workflow_id: z.number().optional().catch(undefined),
  name: z.string().nullish().catch(null),
  event: z.string().catch(''),
  status: z.string().nullish().catch(null),
  conclusion: z.string().nullish().catch(null),
  head_sha: z.string(),
  head_branch: z.string().nullish().catch(null),
  html_url: z.string().catch(''),
  created_at: z.string().catch(''),
  run_attempt: z.number().optional().catch(undefined),
  head_repository: z.looseObject({ full_name: z.string() }).nullish().catch(null),
});

const RunListSchema = z.looseObject({ workflow_runs: z.array(RunSchema) });
const DispatchSchema = z.looseObject({ workflow_run_id: z.number(), html_url: z.string().optional().catch(undefined) });

const DISPATCH_ROUTE = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';

/**
 * Dispatches `workflow` on `gitRef`. 404 (no such workflow file) → `missing-workflow`.
 * Other refusals (no `workflow_dispatch` trigger, bad inputs) throw GitHubError.
 */
export async function dispatchWorkflow(octokit: GitHubClient, ref: RepoRef, input: DispatchInput): Promise<DispatchResult> {
  const context = `dispatch workflow ${input.workflow} on ${input.gitRef} in ${formatRepoRef(ref)}`;
  const dispatch = (returnRunDetails: boolean) =>
    withGitHubContext(context, () =>
      octokit.request(DISPATCH_ROUTE, {
        ...ref,
        workflow_id: input.workflow,
        ref: input.gitRef,
        ...(input.inputs === undefined ? {} : { inputs: input.inputs }),
        ...(returnRunDetails ? { return_run_details: true } : {}),
      }),
    );
  let response;
  try {
    response = await dispatch(true);
  } catch (error) {
    if (isGitHubFailure(error, 'not-found')) return { status: 'missing-workflow' };
    const rejectsField = isGitHubFailure(error, 'unprocessable', 'other') && error.status !== undefined && [400, 422].includes(error.status) && failureMentions(error.failure, /return_run_details/);
    if (!rejectsField) throw error;
    return dispatchAndFindRun(octokit, ref, input, () => dispatch(false));
  }
  if (response.status === 200) {
    const details = parsePayload(DispatchSchema, response.data, context);
    return { status: 'dispatched', runId: details.workflow_run_id, ...(details.html_url === undefined ? {} : { htmlUrl: details.html_url }) };
  }
  return { status: 'dispatched' };
}

/** The plain (204) dispatch, then polls the workflow's runs for one that was not there before. */
async function dispatchAndFindRun(octokit: GitHubClient, ref: RepoRef, input: DispatchInput, plainDispatch: () => Promise<unknown>): Promise<DispatchResult> {
  const before = await undefinedIfNotFound(() => listDispatchedRuns(octokit, ref, input));
  if (before === undefined) return { status: 'missing-workflow' };
  const known = new Set(before.map((run) => run.id));
  try {
    await plainDispatch();
  } catch (error) {
    if (isGitHubFailure(error, 'not-found')) return { status: 'missing-workflow' };
    throw error;
  }
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts = input.pollAttempts ?? 5;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await sleep(input.pollIntervalMs ?? 2000);
    const fresh = (await listDispatchedRuns(octokit, ref, input)).filter((run) => !known.has(run.id));
    const newest = fresh.sort((a, b) => b.id - a.id)[0];
    if (newest !== undefined) return { status: 'dispatched', runId: newest.id, htmlUrl: newest.htmlUrl };
  }
  return { status: 'dispatched' };
}

async function listDispatchedRuns(octokit: GitHubClient, ref: RepoRef, input: DispatchInput): Promise<WorkflowRun[]> {
  const context = `list runs of ${input.workflow} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(
    context,
    async () =>
      (
        await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
          ...ref,
          workflow_id: input.workflow,
          branch: input.gitRef,
          event: 'workflow_dispatch',
          ...(input.headSha === undefined ? {} : { head_sha: input.headSha }),
          per_page: 20,
        })
      ).data,
  );
  return parsePayload(RunListSchema, data, context).workflow_runs.map(toRun);
}

/** One run, or undefined when it does not exist (any more). */
export async function getWorkflowRun(octokit: GitHubClient, ref: RepoRef, runId: number): Promise<WorkflowRun | undefined> {
  const context = `get run ${runId} in ${formatRepoRef(ref)}`;
  const data = await undefinedIfNotFound(() => withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { ...ref, run_id: runId })).data));
  return data === undefined ? undefined : toRun(parsePayload(RunSchema, data, context));
}

/** The newest successful run of `workflow` on `branch`; undefined when none (or no such workflow). */
/** Runs of the base branch looked at for a baseline: one page, newest first. */
export const BASELINE_RUNS_PAGE = 20;
/** Events whose runs are the repository's own work on its base branch (a fork's PR run is `pull_request*`). */
const BASELINE_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);

/**
 * The newest successful run of `workflow` on `branch` that the repository itself made: its head
 * repository is `ref` (GitHub's `branch=` filter also returns fork PR runs whose branch has the
 * same name) and its event is push, schedule or workflow_dispatch. Undefined when none of the
 * newest BASELINE_RUNS_PAGE qualifies.
 */
export async function findLatestSuccessfulRun(octokit: GitHubClient, ref: RepoRef, workflow: string | number, branch: string): Promise<WorkflowRun | undefined> {
  const context = `find latest successful run of ${workflow} on ${branch} in ${formatRepoRef(ref)}`;
  const data = await undefinedIfNotFound(() =>
    withGitHubContext(
      context,
      async () => (await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { ...ref, workflow_id: workflow, branch, status: 'success', per_page: BASELINE_RUNS_PAGE })).data,
    ),
  );
  if (data === undefined) return undefined;
  const own = formatRepoRef(ref).toLowerCase();
  const run = parsePayload(RunListSchema, data, context).workflow_runs.find(
    (candidate) => candidate.head_repository?.full_name.toLowerCase() === own && BASELINE_EVENTS.has(candidate.event) && candidate.head_branch === branch,
  );
  return run === undefined ? undefined : toRun(run);
}

/** Runs (of every workflow, or of `workflow`) for a commit, newest first; up to 100. */
export async function listRunsForHeadSha(octokit: GitHubClient, ref: RepoRef, headSha: string, options: { workflow?: string | number } = {}): Promise<WorkflowRun[]> {
  const context = `list runs for ${headSha} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, async () =>
    options.workflow === undefined
      ? (await octokit.request('GET /repos/{owner}/{repo}/actions/runs', { ...ref, head_sha: headSha, per_page: 100 })).data
      : (await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { ...ref, workflow_id: options.workflow, head_sha: headSha, per_page: 100 })).data,
  );
  return parsePayload(RunListSchema, data, context).workflow_runs.map(toRun);
}

function toRun(run: z.output<typeof RunSchema>): WorkflowRun {
  return {
    id: run.id,
    ...(run.workflow_id === undefined ? {} : { workflowId: run.workflow_id }),
    ...(run.name ? { name: run.name } : {}),
    event: run.event,
    status: run.status ?? null,
    conclusion: run.conclusion ?? null,
    headSha: run.head_sha,
    headBranch: run.head_branch ?? null,
    htmlUrl: run.html_url,
    createdAt: run.created_at,
    ...(run.run_attempt === undefined ? {} : { runAttempt: run.run_attempt }),
  };
}
