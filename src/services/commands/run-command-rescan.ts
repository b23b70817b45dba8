// `rescan`: dispatches the scan workflow again on the PR's current head and records the
// dispatch (run id, commit) in the PR's marker. Also the scan step of `rebase`, `recreate`
// and `upgrade`.
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { dispatchWorkflow } from '../../github/workflows.ts';
import { readCommandConfig, readOwnBumpPull, writeMarker } from '../bumps/bump-pull-state.ts';
import { withoutKeys } from '../../core/markers/bump-marker.ts';
import type { CommandContext, CommandResult } from './command-types.ts';
import { inlineCode } from '../../core/render/escape-markdown.ts';
import { done, refused } from './command-types.ts';
import type { RepoJob } from '../repo-job.ts';

export type ScanDispatch = { ok: true; marker: BumpMarker; runId?: number } | { ok: false; problem: string };

/** Dispatches the scan of `file` on `branch` at `headSha`; returns the marker recording it. */
export async function dispatchScanOn(job: RepoJob, config: FreshpinConfig, marker: BumpMarker, branch: string, headSha: string): Promise<ScanDispatch> {
  const result = await dispatchWorkflow(job.octokit, job.repo, {
    workflow: config.scan.workflow,
    gitRef: branch,
    inputs: { dockerfile: marker.file },
    headSha,
    ...(job.sleep === undefined ? {} : { sleep: job.sleep }),
  });
  if (result.status === 'missing-workflow') {
    return { ok: false, problem: `the scan workflow ${inlineCode(`.github/workflows/${config.scan.workflow}`)} does not exist on this branch (set \`scan.workflow\` in \`.github/freshpin.yml\`, or add the workflow)` };
  }
  const recorded: BumpMarker = { ...withoutKeys(marker, 'runId'), dispatchedSha: headSha };
  return result.runId === undefined ? { ok: true, marker: recorded } : { ok: true, marker: { ...recorded, runId: result.runId }, runId: result.runId };
}

export async function runRescan(ctx: CommandContext): Promise<CommandResult> {
  const { job } = ctx;
  const own = await readOwnBumpPull(job, ctx.number);
  if (own === undefined) return refused('This is not a freshpin bump pull request.');
  if (own.pull.state !== 'open') return refused('freshpin did not rescan: this pull request is closed.');
  const config = await readCommandConfig(job);
  if (!config.ok) return refused(`freshpin did not rescan: ${config.problem}.`);
  const dispatched = await dispatchScanOn(job, config.config, own.marker, own.pull.headRef, own.pull.headSha);
  if (!dispatched.ok) return refused(`freshpin could not start the scan: ${dispatched.problem}.`);
  await writeMarker(job, own, dispatched.marker);
  return done();
}
