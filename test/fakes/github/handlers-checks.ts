// Check-run endpoints: create, update and list for a ref.
import { isoNow, nextId } from './fake-state.ts';
import type { CheckRun } from './fake-state.ts';
import { checkRunJson } from './shapes-actions.ts';
import { fail, intParam, json, newestFirst, notFound, paginate, repoRoute, str } from './http-kit.ts';
import type { RepoContext, Reply, RouteTable } from './http-kit.ts';
import { resolveCommitish } from './repo-ops.ts';
import { readCommit } from './git-objects.ts';

function applyFields(cr: CheckRun, body: Record<string, unknown>): void {
  const s = (k: string): string | undefined => str(body, k);
  if (s('name') !== undefined) cr.name = s('name') ?? cr.name;
  if (s('details_url') !== undefined) cr.detailsUrl = s('details_url') ?? null;
  if (s('external_id') !== undefined) cr.externalId = s('external_id') ?? null;
  if (s('started_at') !== undefined) cr.startedAt = s('started_at') ?? null;
  if (s('status') !== undefined) cr.status = s('status') ?? cr.status;
  if (s('conclusion') !== undefined) {
    cr.conclusion = s('conclusion') ?? null;
    cr.status = 'completed';
  }
  if (cr.status === 'completed') cr.completedAt = s('completed_at') ?? cr.completedAt ?? isoNow();
  const output = body.output as { title?: string; summary?: string; text?: string; annotations?: unknown[] } | undefined;
  if (output) {
    cr.output = {
      title: output.title ?? cr.output.title,
      summary: output.summary ?? cr.output.summary,
      text: output.text ?? cr.output.text,
      annotationsCount: cr.output.annotationsCount + (output.annotations?.length ?? 0),
    };
  }
}

function createCheckRun(ctx: RepoContext): Reply {
  const headSha = str(ctx.body, 'head_sha') ?? '';
  if (!readCommit(ctx.repo.git, headSha)) return fail(422, `No commit found for SHA: ${headSha}`);
  const cr: CheckRun = {
    id: nextId(ctx.state),
    name: str(ctx.body, 'name') ?? '',
    headSha,
    status: 'queued',
    conclusion: null,
    startedAt: isoNow(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null, annotationsCount: 0 },
    suiteId: nextId(ctx.state),
  };
  applyFields(cr, ctx.body);
  ctx.repo.checkRuns.set(cr.id, cr);
  return json(201, checkRunJson(ctx.shapes, ctx.repo, cr));
}

function updateCheckRun(ctx: RepoContext): Reply {
  const cr = ctx.repo.checkRuns.get(intParam(ctx, 'check_run_id') ?? -1);
  if (!cr) return notFound();
  applyFields(cr, ctx.body);
  return json(200, checkRunJson(ctx.shapes, ctx.repo, cr));
}

function listForRef(ctx: RepoContext): Reply {
  const sha = resolveCommitish(ctx.repo, ctx.params.ref ?? '');
  if (!sha) return fail(422, `No commit found for SHA: ${ctx.params.ref ?? ''}`);
  const name = ctx.query.get('check_name');
  const status = ctx.query.get('status');
  const latestOnly = (ctx.query.get('filter') ?? 'latest') === 'latest';
  const seen = new Set<string>();
  const runs = newestFirst(ctx.repo.checkRuns.values()).filter((cr) => {
    if (cr.headSha !== sha || (name && cr.name !== name) || (status && cr.status !== status)) return false;
    if (!latestOnly) return true;
    if (seen.has(cr.name)) return false;
    seen.add(cr.name);
    return true;
  });
  const { page, headers } = paginate(ctx, runs);
  return json(200, { total_count: runs.length, check_runs: page.map((cr) => checkRunJson(ctx.shapes, ctx.repo, cr)) }, headers);
}

/** Registers check-run endpoints. */
export function registerCheckRoutes(table: RouteTable): void {
  repoRoute(table, 'POST /repos/{owner}/{repo}/check-runs', createCheckRun);
  repoRoute(table, 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', updateCheckRun);
  repoRoute(table, 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}', (ctx) => {
    const cr = ctx.repo.checkRuns.get(intParam(ctx, 'check_run_id') ?? -1);
    return cr ? json(200, checkRunJson(ctx.shapes, ctx.repo, cr)) : notFound();
  });
  repoRoute(table, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', listForRef);
}
