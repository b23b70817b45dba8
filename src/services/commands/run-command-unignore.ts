// `unignore`: on a bump PR, releases it (marker `released: true`, freshpin labels removed),
// so its rejected value and ignored pin count no more; on the dashboard issue, releases
// every closed PR the dashboard lists as rejected or ignored. The pin resumes on the next
// check, which runs right away (after the acknowledgement).
import { z } from 'zod';
import { readMarker } from '../../core/markers/markers.ts';
import { DASHBOARD_MARKER } from '../../core/render/render-dashboard.ts';
import { findMarkedIssue } from '../../github/issues-and-comments.ts';
import { checkRepository } from '../bumps/check-repository.ts';
import type { OwnBumpPull } from '../bumps/bump-pull-state.ts';
import { IGNORED_LABEL, REJECTED_LABEL, readOwnBumpPull, removeLabels, writeMarker } from '../bumps/bump-pull-state.ts';
import type { CommandContext, CommandResult } from './command-types.ts';
import { inlineCode } from '../../core/render/escape-markdown.ts';
import { done, noop, refused } from './command-types.ts';
import type { RepoJob } from '../repo-job.ts';

const DashboardData = z.looseObject({
  rejected: z.array(z.looseObject({ number: z.number().int() })).catch([]),
  ignored: z.array(z.looseObject({ number: z.number().int() })).catch([]),
});

/** Releases one PR; false when there was nothing to release. */
async function release(job: RepoJob, own: OwnBumpPull): Promise<boolean> {
  const { pull, marker } = own;
  const labelled = pull.labels.some((label) => label === IGNORED_LABEL || label === REJECTED_LABEL);
  if (marker.released === true && !labelled) return false;
  if (marker.released !== true) await writeMarker(job, own, { ...marker, released: true });
  await removeLabels(job, pull.number, pull.labels, [IGNORED_LABEL, REJECTED_LABEL]);
  return true;
}

/** Checks the repository after the acknowledgement, so the pin resumes now rather than next week. */
function checkNow(job: RepoJob): () => Promise<void> {
  return async () => {
    try {
      const outcome = await checkRepository(job);
      job.log.info({ outcome }, 'repository checked after unignore');
    } catch (error) {
      job.log.error({ err: error }, 'repository check after unignore failed');
    }
  };
}

async function unignorePull(ctx: CommandContext): Promise<CommandResult> {
  const own = await readOwnBumpPull(ctx.job, ctx.number);
  if (own === undefined) return refused('This is not a freshpin bump pull request.');
  if (!(await release(ctx.job, own))) return noop('This pull request is already unignored.');
  const { marker } = own;
  const result = done(`Unignored: ${inlineCode(marker.name)} in ${inlineCode(marker.file)} is managed again${marker.rejected === undefined && own.pull.state === 'open' ? '' : `, and ${inlineCode(marker.proposed)} may be proposed again`}.`);
  return own.pull.state === 'closed' ? { ...result, followUp: checkNow(ctx.job) } : result;
}

async function unignoreDashboard(ctx: CommandContext): Promise<CommandResult> {
  const { job } = ctx;
  const issue = await findMarkedIssue(job.octokit, job.repo, { markerKind: DASHBOARD_MARKER, appLogin: job.app.botLogin });
  if (issue === undefined || issue.number !== ctx.number) return refused('This is not the freshpin dashboard issue.');
  const data = DashboardData.safeParse(readMarker(issue.body, DASHBOARD_MARKER));
  const numbers = data.success ? [...new Set([...data.data.rejected, ...data.data.ignored].map((entry) => entry.number))] : [];
  const released: number[] = [];
  for (const number of numbers) {
    const own = await readOwnBumpPull(job, number);
    if (own === undefined || own.pull.merged || own.pull.state !== 'closed') continue;
    if (await release(job, own)) released.push(number);
  }
  if (released.length === 0) return noop('Nothing is rejected or ignored: there is nothing to unignore.');
  const list = released.map((number) => `#${number}`).join(', ');
  return { ...done(`Unignored ${list}: their pins are managed again and their values may be proposed again.`), followUp: checkNow(job) };
}

export function runUnignore(ctx: CommandContext, on: 'bump-pull' | 'dashboard'): Promise<CommandResult> {
  return on === 'dashboard' ? unignoreDashboard(ctx) : unignorePull(ctx);
}
