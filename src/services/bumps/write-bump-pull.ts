// Writing one bump: the commit on top of the base branch (as the app, so Verified), the
// branch (created, or moved only when every commit on it is the app's), the PR (created or
// adopted), labels/reviewers/assignees, and the scan dispatch recorded in the PR's marker.
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { bumpBranchName } from '../../core/pulls/bump-identity.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import type { BumpProposal } from '../../core/pulls/collect-proposals.ts';
import type { KnownPull } from '../../core/pulls/decide-pull-actions.ts';
import { renderBumpBody, renderBumpTitle, withBumpNotice } from '../../core/render/render-bump-pull.ts';
import { upsertMarkedComment } from '../../github/issues-and-comments.ts';
import { applyPullMetadata, createPull, updatePull } from '../../github/pull-requests.ts';
import { commitFiles, createBranch, isOnlyAuthoredBy, listBranchCommits, moveBranch } from '../../github/write-bump-branch.ts';
import { dispatchWorkflow } from '../../github/workflows.ts';
import { getBranchHead } from '../../github/read-repository.ts';
import type { RepoJob } from '../repo-job.ts';

export interface BumpContext {
  job: RepoJob;
  config: FreshpinConfig;
  defaultBranch: string;
  baseSha: string;
}

export type BumpOutcome = { kind: 'opened' | 'updated'; number: number; runId?: number } | { kind: 'refused'; number?: number; reason: string };

function markerFor(proposal: BumpProposal, history: BumpMarker['history']): BumpMarker {
  return { v: 1, file: proposal.file, pin: proposal.pin, name: proposal.name, current: proposal.current, proposed: proposal.proposed, migration: proposal.migration, history };
}

function bodyFor(ctx: BumpContext, proposal: BumpProposal, marker: BumpMarker, notice?: string): string {
  const input: Parameters<typeof renderBumpBody>[0] = { marker, images: proposal.images, skipped: proposal.skipped, slug: ctx.job.app.slug };
  if (proposal.eol !== undefined) input.eol = proposal.eol;
  if (proposal.migrationCandidate !== undefined) input.migration = proposal.migrationCandidate;
  if (notice !== undefined) input.notice = notice;
  return renderBumpBody(input);
}

type Pushed = { sha: string } | { refused: string };

/**
 * What is on an existing bump branch: refused when anyone but the app has commits on it; the
 * head to adopt when it already holds exactly this change (a replica racing this pass, or an
 * interrupted pass); undefined when the app's older change may be replaced.
 */
async function inspectBranch(ctx: BumpContext, branch: string, message: string): Promise<Pushed | undefined> {
  const { octokit, repo, app } = ctx.job;
  const commits = await listBranchCommits(octokit, repo, ctx.defaultBranch, branch);
  if (!isOnlyAuthoredBy(commits, app.botLogin)) {
    return { refused: `the branch ${branch} has commits by someone other than ${app.botLogin}; freshpin leaves it alone. Use \`/freshpin recreate\` to rebuild it from the base branch (dropping those commits).` };
  }
  const only = commits.length === 1 ? commits[0] : undefined;
  return only !== undefined && only.message === message ? { sha: only.sha } : undefined;
}

/**
 * Commits the proposal on the base head and points `branch` at it. A branch with someone
 * else's commits is refused before anything is written; a branch that already holds this
 * change is adopted as it is.
 */
async function pushBranch(ctx: BumpContext, branch: string, proposal: BumpProposal, known?: boolean): Promise<Pushed> {
  const { octokit, repo } = ctx.job;
  const message = renderBumpTitle(markerFor(proposal, []), proposal.images);
  // A branch left from before (e.g. someone's work under the bump's name) is looked at before anything is written.
  const exists = known ?? (await getBranchHead(octokit, repo, branch)) !== undefined;
  if (exists) {
    const seen = await inspectBranch(ctx, branch, message);
    if (seen !== undefined) return seen;
  }
  const sha = await commitFiles(octokit, repo, { baseSha: ctx.baseSha, files: { [proposal.file]: proposal.after }, message });
  if (!exists && (await createBranch(octokit, repo, branch, sha)) === 'created') return { sha };
  if (!exists) {
    const seen = await inspectBranch(ctx, branch, message);
    if (seen !== undefined) return seen;
  }
  await moveBranch(octokit, repo, branch, sha, { force: true });
  return { sha };
}

/** Dispatches the scan on the branch; says once on the PR when the workflow is missing. */
export async function dispatchScan(ctx: BumpContext, number: number, branch: string, file: string, headSha: string): Promise<number | undefined> {
  const started = await startScan(ctx, branch, file, headSha);
  if (started.missing) await sayWorkflowMissing(ctx, number);
  return started.runId;
}

/** Dispatches the scan on the branch, before any PR exists (the run goes into the PR's first body). */
async function startScan(ctx: BumpContext, branch: string, file: string, headSha: string): Promise<{ runId?: number; missing: boolean }> {
  const result = await dispatchWorkflow(ctx.job.octokit, ctx.job.repo, { workflow: ctx.config.scan.workflow, gitRef: branch, inputs: { dockerfile: file }, headSha, ...(ctx.job.sleep ? { sleep: ctx.job.sleep } : {}) });
  if (result.status === 'missing-workflow') return { missing: true };
  return { missing: false, ...(result.runId === undefined ? {} : { runId: result.runId }) };
}

/** Says once on the PR that the scan workflow is missing. */
async function sayWorkflowMissing(ctx: BumpContext, number: number): Promise<void> {
  const { octokit, repo, app } = ctx.job;
  await upsertMarkedComment(octokit, repo, number, {
    markerKind: 'missing-workflow',
    appLogin: app.botLogin,
    body: `freshpin could not start the scan: the workflow \`.github/workflows/${ctx.config.scan.workflow}\` does not exist on this branch. Add it (see freshpin's onboarding template) or set \`scan.workflow\` in \`.github/freshpin.yml\`.`,
  });
}

/** Dispatches the scan, then writes the body (and title, when given) with the run in the marker: one PATCH. */
async function recordDispatch(ctx: BumpContext, number: number, proposal: BumpProposal, marker: BumpMarker, branch: string, sha: string, title?: string): Promise<number | undefined> {
  const runId = await dispatchScan(ctx, number, branch, proposal.file, sha);
  const withRun: BumpMarker = { ...marker, dispatchedSha: sha, ...(runId === undefined ? {} : { runId }) };
  await updatePull(ctx.job.octokit, ctx.job.repo, number, { ...(title === undefined ? {} : { title }), body: bodyFor(ctx, proposal, withRun) });
  return runId;
}

/** Opens the PR for a pin (adopting a branch or PR a concurrent pass already made). */
export async function openBumpPull(ctx: BumpContext, proposal: BumpProposal): Promise<BumpOutcome> {
  const { octokit, repo } = ctx.job;
  const branch = bumpBranchName(ctx.config.branchPrefix, proposal.file, proposal.pin);
  const pushed = await pushBranch(ctx, branch, proposal);
  if ('refused' in pushed) return { kind: 'refused', reason: pushed.refused };
  // The scan starts first, so that the PR's first body already names its run: one write fewer than a PATCH after.
  const started = await startScan(ctx, branch, proposal.file, pushed.sha);
  const marker: BumpMarker = { ...markerFor(proposal, []), dispatchedSha: pushed.sha, ...(started.runId === undefined ? {} : { runId: started.runId }) };
  const body = bodyFor(ctx, proposal, marker);
  const pull = await createPull(octokit, repo, { head: branch, base: ctx.defaultBranch, title: renderBumpTitle(marker, proposal.images), body });
  if (pull.created) {
    const { failures } = await applyPullMetadata(octokit, repo, pull.number, { labels: ctx.config.labels, reviewers: ctx.config.reviewers, assignees: ctx.config.assignees });
    for (const failure of failures) ctx.job.log.warn({ pull: pull.number, failure }, 'could not apply PR metadata');
  } else {
    // Adopted (a concurrent pass opened it): its body gets this scan's run.
    await updatePull(octokit, repo, pull.number, { body });
  }
  if (started.missing) await sayWorkflowMissing(ctx, pull.number);
  return { kind: 'opened', number: pull.number, ...(started.runId === undefined ? {} : { runId: started.runId }) };
}

/** Moves an open PR to a newer value; the superseded value goes to the history. */
export async function updateBumpPull(ctx: BumpContext, pull: KnownPull, proposal: BumpProposal): Promise<BumpOutcome> {
  const { octokit, repo } = ctx.job;
  const pushed = await pushBranch(ctx, pull.branch, proposal, true);
  if ('refused' in pushed) {
    // The branch still holds the old change: the body keeps describing it, with the reason on top.
    const notice = `freshpin did not update this branch to ${proposal.proposed}: ${pushed.refused}`;
    const body = pull.body === undefined ? bodyFor(ctx, proposal, pull.marker, notice) : withBumpNotice(pull.body, notice);
    if (body !== pull.body) await updatePull(octokit, repo, pull.number, { body });
    return { kind: 'refused', number: pull.number, reason: pushed.refused };
  }
  const history = [...pull.marker.history, { proposed: pull.marker.proposed, at: ctx.job.now.toISOString() }];
  const marker = markerFor(proposal, history);
  const runId = await recordDispatch(ctx, pull.number, proposal, marker, pull.branch, pushed.sha, renderBumpTitle(marker, proposal.images));
  return { kind: 'updated', number: pull.number, ...(runId === undefined ? {} : { runId }) };
}
