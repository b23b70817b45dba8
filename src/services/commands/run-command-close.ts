// `reject [reason]` and `ignore`: close the bump PR and record the maintainer's decision in
// its marker (the next pass reads closed PRs: a rejected value is never proposed again, an
// ignored pin gets nothing until `unignore`), label it, and delete the branch when only the
// app wrote to it.
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { deleteBranch, isOnlyAuthoredBy, listBranchCommits } from '../../github/write-bump-branch.ts';
import type { OwnBumpPull } from '../bumps/bump-pull-state.ts';
import { IGNORED_LABEL, REJECTED_LABEL, addLabel, readOwnBumpPull, writeMarker } from '../bumps/bump-pull-state.ts';
import { withoutKeys } from '../../core/markers/bump-marker.ts';
import type { CommandContext, CommandResult } from './command-types.ts';
import { inlineCode } from '../../core/render/escape-markdown.ts';
import { done, noop, refused } from './command-types.ts';
import type { RepoJob } from '../repo-job.ts';

/** Deletes the PR's branch when every commit on it is the app's; anything else stays. */
async function deleteOwnBranch(job: RepoJob, own: OwnBumpPull): Promise<void> {
  try {
    const commits = await listBranchCommits(job.octokit, job.repo, own.pull.baseRef, own.pull.headRef);
    if (isOnlyAuthoredBy(commits, job.app.botLogin)) await deleteBranch(job.octokit, job.repo, own.pull.headRef);
  } catch (error) {
    job.log.warn({ err: error, pull: own.pull.number }, 'could not delete the bump branch');
  }
}

type Decision = { kind: 'reject'; reason?: string } | { kind: 'ignore' };

function isAlready(marker: BumpMarker, decision: Decision): boolean {
  if (marker.released === true) return false;
  return decision.kind === 'reject' ? marker.rejected === marker.proposed : marker.ignored === true;
}

function decidedMarker(marker: BumpMarker, decision: Decision): BumpMarker {
  const base = withoutKeys(marker, 'released');
  if (decision.kind === 'ignore') return { ...base, ignored: true };
  const rejected: BumpMarker = { ...withoutKeys(base, 'reason'), rejected: marker.proposed };
  return decision.reason === undefined ? rejected : { ...rejected, reason: decision.reason };
}

async function closeWithDecision(ctx: CommandContext, decision: Decision): Promise<CommandResult> {
  const { job } = ctx;
  const own = await readOwnBumpPull(job, ctx.number);
  if (own === undefined) return refused('This is not a freshpin bump pull request.');
  const { pull, marker } = own;
  const verb = decision.kind === 'reject' ? 'rejected' : 'ignored';
  if (pull.merged) return refused(`This pull request is already merged; there is nothing to ${decision.kind}.`);
  if (pull.state === 'closed' && isAlready(marker, decision)) return noop(`This pull request is already ${verb}.`);
  await writeMarker(job, own, decidedMarker(marker, decision), { close: true });
  await addLabel(job, pull.number, decision.kind === 'reject' ? REJECTED_LABEL : IGNORED_LABEL);
  if (pull.state === 'open') await deleteOwnBranch(job, own);
  const undo = `To undo, comment \`/${job.app.slug} unignore\` here.`;
  if (decision.kind === 'reject') {
    return done(`Rejected ${inlineCode(marker.proposed)} for ${inlineCode(marker.name)} in ${inlineCode(marker.file)}: freshpin will not propose this value again; a newer value will get a new pull request. ${undo}`);
  }
  return done(`Ignored ${inlineCode(marker.name)} in ${inlineCode(marker.file)}: freshpin proposes nothing for this pin until it is unignored. ${undo}`);
}

export function runReject(ctx: CommandContext, reason: string | undefined): Promise<CommandResult> {
  return closeWithDecision(ctx, reason === undefined ? { kind: 'reject' } : { kind: 'reject', reason });
}

export function runIgnore(ctx: CommandContext): Promise<CommandResult> {
  return closeWithDecision(ctx, { kind: 'ignore' });
}
