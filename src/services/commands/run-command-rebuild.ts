// `rebase` and `recreate`: rebuild the bump branch as the app — one new commit on the current
// base head with the PR's proposed value applied to the file — force-move the branch and
// dispatch a scan. `rebase` refuses a branch carrying commits that are not the app's;
// `recreate` proceeds and says which commits it dropped.
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { renderBumpTitle } from '../../core/render/render-bump-pull.ts';
import { editPinText } from '../../core/report/edit-pin-text.ts';
import { commitFiles, isOnlyAuthoredBy, listBranchCommits, moveBranch } from '../../github/write-bump-branch.ts';
import type { BranchCommit } from '../../github/write-bump-branch.ts';
import { planExactValue, readBasePin } from '../planning/plan-pull-value.ts';
import { policyFromConfig } from '../../core/plan/plan-policy.ts';
import { readCommandConfig, readOwnBumpPull, writeMarker } from '../bumps/bump-pull-state.ts';
import type { CommandContext, CommandResult } from './command-types.ts';
import { inlineCode } from '../../core/render/escape-markdown.ts';
import { done, refused } from './command-types.ts';
import { dispatchScanOn } from './run-command-rescan.ts';

const MAX_LISTED = 10;

function describeCommits(commits: readonly BranchCommit[]): string {
  const listed = commits.slice(0, MAX_LISTED).map((commit) => `${inlineCode(commit.sha.slice(0, 12))} by ${inlineCode(commit.authorLogin ?? 'an unknown author')}`);
  const more = commits.length > MAX_LISTED ? ` and ${commits.length - MAX_LISTED} more` : '';
  return `${listed.join(', ')}${more}`;
}

export async function runRebuild(ctx: CommandContext, mode: 'rebase' | 'recreate'): Promise<CommandResult> {
  const { job } = ctx;
  const not = `freshpin did not ${mode} this pull request:`;
  const own = await readOwnBumpPull(job, ctx.number);
  if (own === undefined) return refused('This is not a freshpin bump pull request.');
  const { pull, marker } = own;
  if (pull.state !== 'open') return refused(`${not} it is closed.`);
  if (pull.headRepoFullName !== undefined && pull.headRepoFullName.toLowerCase() !== `${job.repo.owner}/${job.repo.repo}`.toLowerCase()) {
    return refused(`${not} its branch is in another repository.`);
  }
  const commits = await listBranchCommits(job.octokit, job.repo, pull.baseRef, pull.headRef);
  const foreign = commits.filter((commit) => !isOnlyAuthoredBy([commit], job.app.botLogin));
  if (mode === 'rebase' && foreign.length > 0) {
    return refused(`${not} the branch carries commits freshpin did not make (${describeCommits(foreign)}). Comment \`/${job.app.slug} recreate\` to rebuild it from the base branch, dropping them.`);
  }
  const config = await readCommandConfig(job);
  if (!config.ok) return refused(`${not} ${config.problem}.`);
  const base = await readBasePin(job, pull.baseRef, marker);
  if (!base.ok) return refused(`${not} ${base.problem}.`);
  if (base.pin.value === marker.proposed) return refused(`${not} ${inlineCode(pull.baseRef)} already has ${inlineCode(marker.proposed)}; freshpin closes this pull request on its next check.`);
  const planned = await planExactValue(job, base, marker.proposed, policyFromConfig(config.config));
  if (!planned.ok) return refused(`${not} ${inlineCode(marker.proposed)} cannot be applied on ${inlineCode(pull.baseRef)}: ${planned.problem}.`);
  const after = editPinText(base.text, base.analysis, base.pin, marker.proposed, planned.images);
  const rebuilt: BumpMarker = { ...marker, current: base.pin.value };
  const sha = await commitFiles(job.octokit, job.repo, { baseSha: base.baseSha, files: { [marker.file]: after }, message: renderBumpTitle(rebuilt, planned.images) });
  await moveBranch(job.octokit, job.repo, pull.headRef, sha, { force: true });
  const dispatched = await dispatchScanOn(job, config.config, rebuilt, pull.headRef, sha);
  await writeMarker(job, own, dispatched.ok ? dispatched.marker : rebuilt);
  const notes: string[] = [];
  if (mode === 'recreate') {
    notes.push(
      foreign.length === 0
        ? `Recreated the branch from ${inlineCode(pull.baseRef)} (${inlineCode(base.baseSha.slice(0, 12))}).`
        : `Recreated the branch from ${inlineCode(pull.baseRef)} (${inlineCode(base.baseSha.slice(0, 12))}) and **dropped ${foreign.length} commit${foreign.length === 1 ? '' : 's'} freshpin did not make**: ${describeCommits(foreign)}.`,
    );
  }
  if (!dispatched.ok) notes.push(`The scan could not start: ${dispatched.problem}.`);
  return done(notes.length === 0 ? undefined : notes.join(' '));
}
