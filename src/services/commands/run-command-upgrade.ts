// `upgrade [codename]`: proposes the Debian release migration of the PR's pin as a pull
// request of its own (branch `<prefix><file-slug>/<pin>-<codename>`, marker `upgrade`),
// only when every image the pin feeds exists for the target release; otherwise says which
// image is missing.
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import type { PlannedImage } from '../../core/plan/plan-types.ts';
import { bumpBranchName } from '../../core/pulls/bump-identity.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { renderBumpBody, renderBumpTitle } from '../../core/render/render-bump-pull.ts';
import { editPinText } from '../../core/report/edit-pin-text.ts';
import { pinEndOfLife } from '../../core/plan/plan-migration.ts';
import { applyPullMetadata, createPull, updatePull } from '../../github/pull-requests.ts';
import { commitFiles, createBranch, isOnlyAuthoredBy, listBranchCommits, moveBranch } from '../../github/write-bump-branch.ts';
import type { BasePin } from '../planning/plan-pull-value.ts';
import { planUpgrade, readBasePin } from '../planning/plan-pull-value.ts';
import { policyFromConfig } from '../../core/plan/plan-policy.ts';
import { readCommandConfig, readOwnBumpPull } from '../bumps/bump-pull-state.ts';
import type { CommandContext, CommandResult } from './command-types.ts';
import { inlineCode } from '../../core/render/escape-markdown.ts';
import { done, refused } from './command-types.ts';
import { dispatchScanOn } from './run-command-rescan.ts';
import type { RepoJob } from '../repo-job.ts';

interface UpgradePlan {
  marker: BumpMarker;
  images: PlannedImage[];
  branch: string;
  baseRef: string;
}

function bodyFor(job: RepoJob, base: BasePin, plan: UpgradePlan): string {
  const input: Parameters<typeof renderBumpBody>[0] = { marker: plan.marker, images: plan.images, skipped: [], slug: job.app.slug };
  const eol = pinEndOfLife(base.pin, job.now);
  if (eol !== undefined) input.eol = eol;
  return renderBumpBody(input);
}

/** Commits the migration on the base head and points the upgrade branch at it (never over someone else's commits). */
async function pushUpgradeBranch(job: RepoJob, base: BasePin, plan: UpgradePlan): Promise<{ sha: string } | { refused: string }> {
  const after = editPinText(base.text, base.analysis, base.pin, plan.marker.proposed, plan.images);
  const sha = await commitFiles(job.octokit, job.repo, { baseSha: base.baseSha, files: { [plan.marker.file]: after }, message: renderBumpTitle(plan.marker, plan.images) });
  if ((await createBranch(job.octokit, job.repo, plan.branch, sha)) === 'exists') {
    const commits = await listBranchCommits(job.octokit, job.repo, plan.baseRef, plan.branch);
    if (!isOnlyAuthoredBy(commits, job.app.botLogin)) return { refused: `the branch ${inlineCode(plan.branch)} has commits freshpin did not make; freshpin leaves it alone` };
    await moveBranch(job.octokit, job.repo, plan.branch, sha, { force: true });
  }
  return { sha };
}

async function openUpgradePull(job: RepoJob, config: FreshpinConfig, base: BasePin, plan: UpgradePlan): Promise<CommandResult> {
  const pushed = await pushUpgradeBranch(job, base, plan);
  if ('refused' in pushed) return refused(`freshpin did not propose the upgrade: ${pushed.refused}.`);
  const title = renderBumpTitle(plan.marker, plan.images);
  const pull = await createPull(job.octokit, job.repo, { head: plan.branch, base: plan.baseRef, title, body: bodyFor(job, base, plan) });
  if (pull.created) {
    const { failures } = await applyPullMetadata(job.octokit, job.repo, pull.number, { labels: config.labels, reviewers: config.reviewers, assignees: config.assignees });
    for (const failure of failures) job.log.warn({ pull: pull.number, failure }, 'could not apply PR metadata');
  }
  const dispatched = await dispatchScanOn(job, config, plan.marker, plan.branch, pushed.sha);
  const marker = dispatched.ok ? dispatched.marker : plan.marker;
  await updatePull(job.octokit, job.repo, pull.number, { ...(pull.created ? {} : { title }), body: bodyFor(job, base, { ...plan, marker }) });
  const { name, file, current, proposed } = plan.marker;
  const scanNote = dispatched.ok ? '' : ` The scan could not start: ${dispatched.problem}.`;
  return done(`${pull.created ? 'Opened' : 'Updated'} #${pull.number}: ${inlineCode(name)} in ${inlineCode(file)} from ${inlineCode(current)} to ${inlineCode(proposed)}; every image it feeds exists for that release.${scanNote}`);
}

export async function runUpgrade(ctx: CommandContext, codename: string | undefined): Promise<CommandResult> {
  const { job } = ctx;
  const not = 'freshpin did not propose the upgrade:';
  const own = await readOwnBumpPull(job, ctx.number);
  if (own === undefined) return refused('This is not a freshpin bump pull request.');
  const { pull, marker } = own;
  const config = await readCommandConfig(job);
  if (!config.ok) return refused(`${not} ${config.problem}.`);
  const base = await readBasePin(job, pull.baseRef, marker);
  if (!base.ok) return refused(`${not} ${base.problem}.`);
  const planned = await planUpgrade(job, base, codename, policyFromConfig(config.config));
  if (!planned.ok) return refused(`${not} ${planned.problem}.`);
  const upgradeMarker: BumpMarker = {
    v: 1,
    file: marker.file,
    pin: marker.pin,
    name: base.pin.name,
    current: base.pin.value,
    proposed: planned.proposal.proposed,
    migration: true,
    history: [],
    upgrade: planned.codename,
  };
  const branch = bumpBranchName(config.config.branchPrefix, marker.file, `${marker.pin}-${planned.codename}`);
  return openUpgradePull(job, config.config, base, { marker: upgradeMarker, images: planned.proposal.images, branch, baseRef: pull.baseRef });
}
