// GitHub Actions endpoints: workflow dispatch (creating queued runs), runs,
// artifacts and artifact downloads via short-lived signed redirects.
import { parse as parseYaml } from 'yaml';
import { isoNow, nextId, botActor } from './fake-state.ts';
import type { Repo, WorkflowRun } from './fake-state.ts';
import { artifactJson, runJson, workflowJson } from './shapes-actions.ts';
import { fail, intParam, json, newestFirst, noContent, notFound, paginate, repoRoute, str } from './http-kit.ts';
import type { RepoContext, Reply, RouteTable } from './http-kit.ts';
import { readFileAt, resolveCommitish } from './repo-ops.ts';

/** The numeric id of a workflow file, assigned on first sight. */
export function workflowIdFor(ctx: { state: RepoContext['state'] }, repo: Repo, path: string): number {
  let id = repo.workflows.get(path);
  if (id === undefined) repo.workflows.set(path, (id = nextId(ctx.state)));
  return id;
}

function workflowPath(repo: Repo, param: string): string | undefined {
  if (/^\d+$/.test(param)) {
    for (const [path, id] of repo.workflows) if (id === Number(param)) return path;
    return undefined;
  }
  return `.github/workflows/${param}`;
}

interface WorkflowInfo {
  name: string;
  dispatchable: boolean;
  inputs: Map<string, { required: boolean; hasDefault: boolean }>;
}

function readWorkflow(text: string, path: string): WorkflowInfo {
  let doc: Record<string, unknown> = {};
  try {
    doc = (parseYaml(text) as Record<string, unknown> | null) ?? {};
  } catch {
    doc = {};
  }
  const on = doc.on ?? doc.true;
  const triggers = typeof on === 'string' ? { [on]: null } : Array.isArray(on) ? Object.fromEntries(on.map((t) => [String(t), null])) : ((on as Record<string, unknown> | undefined) ?? {});
  const dispatch = triggers.workflow_dispatch as { inputs?: Record<string, { required?: boolean; default?: unknown }> } | null | undefined;
  const inputs = new Map(Object.entries(dispatch?.inputs ?? {}).map(([k, v]) => [k, { required: v?.required === true, hasDefault: v?.default !== undefined }]));
  return { name: typeof doc.name === 'string' ? doc.name : path, dispatchable: 'workflow_dispatch' in triggers, inputs };
}

function dispatch(ctx: RepoContext): Reply {
  const ref = str(ctx.body, 'ref') ?? '';
  const wantsDetails = 'return_run_details' in ctx.body;
  if (ctx.ghes && wantsDetails) return fail(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
  const path = workflowPath(ctx.repo, ctx.params.workflow_id ?? '');
  const sha = resolveCommitish(ctx.repo, ref);
  if (!path) return notFound();
  if (!sha) return fail(422, `No ref found for: ${ref}`);
  const text = readFileAt(ctx.repo, sha, path);
  if (!text) return notFound();
  const wf = readWorkflow(text.toString('utf8'), path);
  if (!wf.dispatchable) return fail(422, "Workflow does not have 'workflow_dispatch' trigger");
  const inputs = (ctx.body.inputs as Record<string, unknown> | undefined) ?? {};
  const unexpected = Object.keys(inputs).filter((k) => !wf.inputs.has(k));
  if (unexpected.length > 0) return fail(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const [name, spec] of wf.inputs) if (spec.required && !spec.hasDefault && !(name in inputs)) return fail(422, `Required input '${name}' not provided`);
  const workflowId = workflowIdFor(ctx, ctx.repo, path);
  const now = isoNow();
  const run: WorkflowRun = {
    id: nextId(ctx.state),
    workflowId,
    workflowPath: path,
    name: wf.name,
    runNumber: [...ctx.repo.runs.values()].filter((r) => r.workflowId === workflowId).length + 1,
    headBranch: ref.replace(/^refs\/(heads|tags)\//, ''),
    headSha: sha,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    actor: ctx.installationId !== undefined ? botActor(ctx.state) : ctx.actor,
    inputs,
    createdAt: now,
    updatedAt: now,
    artifactIds: [],
  };
  ctx.repo.runs.set(run.id, run);
  ctx.state.runIndex.set(run.id, ctx.repo);
  if (ctx.body.return_run_details !== true) return noContent();
  const out = runJson(ctx.shapes, ctx.repo, run);
  return json(200, { workflow_run_id: run.id, run_url: out.url, html_url: out.html_url });
}

const CONCLUSIONS = new Set(['success', 'failure', 'cancelled', 'neutral', 'skipped', 'timed_out', 'action_required', 'stale']);

function listRuns(ctx: RepoContext): Reply {
  const path = workflowPath(ctx.repo, ctx.params.workflow_id ?? '');
  const workflowId = path ? ctx.repo.workflows.get(path) : undefined;
  if (!path || (workflowId === undefined && !readFileAt(ctx.repo, resolveCommitish(ctx.repo, ctx.repo.defaultBranch) ?? '', path))) return notFound();
  const q = (k: string): string | undefined => ctx.query.get(k) ?? undefined;
  const [branch, headSha, status, event, actor] = [q('branch'), q('head_sha'), q('status'), q('event'), q('actor')];
  const runs = newestFirst(ctx.repo.runs.values()).filter((r) => {
    if (r.workflowId !== workflowId) return false;
    if (branch && r.headBranch !== branch) return false;
    if (headSha && r.headSha !== headSha) return false;
    if (event && r.event !== event) return false;
    if (actor && r.actor.login.toLowerCase() !== actor.toLowerCase()) return false;
    if (status) return CONCLUSIONS.has(status) ? r.conclusion === status : r.status === status;
    return true;
  });
  const { page, headers } = paginate(ctx, runs);
  return json(200, { total_count: runs.length, workflow_runs: page.map((r) => runJson(ctx.shapes, ctx.repo, r)) }, headers);
}

function findRun(ctx: RepoContext): WorkflowRun | undefined {
  return ctx.repo.runs.get(intParam(ctx, 'run_id') ?? -1);
}

function downloadArtifact(ctx: RepoContext): Reply {
  const artifact = ctx.repo.artifacts.get(intParam(ctx, 'artifact_id') ?? -1);
  if (!artifact || ctx.params.archive_format !== 'zip') return notFound();
  if (artifact.expired) return fail(410, 'Artifact has expired');
  return { status: 302, headers: { location: ctx.signArtifact(artifact.id) } };
}

/** Registers Actions endpoints. */
export function registerActionsRoutes(table: RouteTable): void {
  repoRoute(table, 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', dispatch);
  repoRoute(table, 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', listRuns);
  repoRoute(table, 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}', (ctx) => {
    const path = workflowPath(ctx.repo, ctx.params.workflow_id ?? '');
    const head = resolveCommitish(ctx.repo, ctx.repo.defaultBranch) ?? '';
    const text = path ? readFileAt(ctx.repo, head, path) : undefined;
    if (!path || !text) return notFound();
    return json(200, workflowJson(ctx.shapes, ctx.repo, workflowIdFor(ctx, ctx.repo, path), path, readWorkflow(text.toString('utf8'), path).name));
  });
  repoRoute(table, 'GET /repos/{owner}/{repo}/actions/runs/{run_id}', (ctx) => {
    const run = findRun(ctx);
    return run ? json(200, runJson(ctx.shapes, ctx.repo, run)) : notFound();
  });
  repoRoute(table, 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', (ctx) => {
    const run = findRun(ctx);
    if (!run) return notFound();
    const name = ctx.query.get('name');
    const list = run.artifactIds.flatMap((id) => {
      const a = ctx.repo.artifacts.get(id);
      return a && (!name || a.name === name) ? [a] : [];
    });
    const { page, headers } = paginate(ctx, list);
    return json(200, { total_count: list.length, artifacts: page.map((a) => artifactJson(ctx.shapes, ctx.repo, a, run)) }, headers);
  });
  repoRoute(table, 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}', (ctx) => {
    const a = ctx.repo.artifacts.get(intParam(ctx, 'artifact_id') ?? -1);
    return a ? json(200, artifactJson(ctx.shapes, ctx.repo, a, ctx.repo.runs.get(a.runId))) : notFound();
  });
  repoRoute(table, 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', downloadArtifact);
}
