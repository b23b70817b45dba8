// JSON shapes of workflow runs, artifacts, workflows and check runs.
import { readCommit } from './git-objects.ts';
import { appJson, nodeId, repoJson, userJson } from './shapes-basic.ts';
import type { ShapeContext } from './shapes-basic.ts';
import type { Artifact, CheckRun, Repo, WorkflowRun } from './fake-state.ts';

/** A workflow run object. */
export function runJson(ctx: ShapeContext, repo: Repo, run: WorkflowRun): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const c = readCommit(repo.git, run.headSha);
  const repository = repoJson(ctx, repo);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WFR', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflowPath,
    display_title: run.name,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId('CS', run.id + 1),
    url: `${api}/actions/runs/${run.id}`,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userJson(ctx, run.actor),
    triggering_actor: userJson(ctx, run.actor),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.createdAt,
    jobs_url: `${api}/actions/runs/${run.id}/jobs`,
    logs_url: `${api}/actions/runs/${run.id}/logs`,
    check_suite_url: `${api}/check-suites/${run.id + 1}`,
    artifacts_url: `${api}/actions/runs/${run.id}/artifacts`,
    cancel_url: `${api}/actions/runs/${run.id}/cancel`,
    rerun_url: `${api}/actions/runs/${run.id}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    head_commit: c
      ? { id: c.sha, tree_id: c.tree, message: c.message, timestamp: c.committer.date, author: { name: c.author.name, email: c.author.email }, committer: { name: c.committer.name, email: c.committer.email } }
      : null,
    repository,
    head_repository: run.headRepository === undefined ? repository : forkJson(repository, run.headRepository),
  };
}

/** The head repository of a fork's run: the base repository's shape under the fork's name. */
function forkJson(base: Record<string, unknown>, fullName: string): Record<string, unknown> {
  const [login = '', name = ''] = fullName.split('/');
  const owner = { ...(base.owner as Record<string, unknown>), login, id: 900_000 + login.length };
  return { ...base, id: 800_000 + fullName.length, name, full_name: fullName, owner, fork: true, html_url: `https://github.com/${fullName}` };
}

/** A workflow object. */
export function workflowJson(ctx: ShapeContext, repo: Repo, id: number, path: string, name: string): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    id,
    node_id: nodeId('W', id),
    name,
    path,
    state: 'active',
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    url: `${api}/actions/workflows/${id}`,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}/${path}`,
    badge_url: `${ctx.web}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(name)}/badge.svg`,
  };
}

/** An artifact object. */
export function artifactJson(ctx: ShapeContext, repo: Repo, a: Artifact, run: WorkflowRun | undefined): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const expires = new Date(Date.parse(a.createdAt) + 90 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: a.id,
    node_id: nodeId('MDg', a.id),
    name: a.name,
    size_in_bytes: a.zip.length,
    url: `${api}/actions/artifacts/${a.id}`,
    archive_download_url: `${api}/actions/artifacts/${a.id}/zip`,
    expired: a.expired,
    created_at: a.createdAt,
    expires_at: expires,
    updated_at: a.createdAt,
    digest: null,
    workflow_run: run ? { id: run.id, repository_id: repo.id, head_repository_id: repo.id, head_branch: run.headBranch, head_sha: run.headSha } : null,
  };
}

/** A check run object. */
export function checkRunJson(ctx: ShapeContext, repo: Repo, cr: CheckRun): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    id: cr.id,
    head_sha: cr.headSha,
    node_id: nodeId('CR', cr.id),
    external_id: cr.externalId,
    url: `${api}/check-runs/${cr.id}`,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/runs/${cr.id}`,
    details_url: cr.detailsUrl,
    status: cr.status,
    conclusion: cr.conclusion,
    started_at: cr.startedAt,
    completed_at: cr.completedAt,
    output: {
      title: cr.output.title,
      summary: cr.output.summary,
      text: cr.output.text,
      annotations_count: cr.output.annotationsCount,
      annotations_url: `${api}/check-runs/${cr.id}/annotations`,
    },
    name: cr.name,
    check_suite: { id: cr.suiteId },
    app: appJson(ctx),
    pull_requests: [],
  };
}
