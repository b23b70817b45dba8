// One repository's pass, as a recipe:
// 1. read the snapshot (config, Dockerfiles, freshpin PRs); onboard when there is no config;
// 2. plan every pin (the same core as `freshpin check`), minus rejected values and ignored pins;
// 3. decide the PR actions; 4. open, update or close PRs and dispatch scans;
// 5. review the scan workflow (upgrade PR or dashboard lines) and update the dashboard issue; 6. after writes, refresh the ETag cache of what they changed.
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { pinKey } from '../../core/dockerfile/pin-identity.ts';
import { collectProposals, listPinsNow } from '../../core/pulls/collect-proposals.ts';
import type { BumpProposal } from '../../core/pulls/collect-proposals.ts';
import { decidePullActions, readRepoMemory } from '../../core/pulls/decide-pull-actions.ts';
import type { KnownPull, PullAction } from '../../core/pulls/decide-pull-actions.ts';
import { replaceBumpMarker } from '../../core/markers/bump-marker.ts';
import { DASHBOARD_MARKER, DASHBOARD_TITLE, renderDashboard } from '../../core/render/render-dashboard.ts';
import type { DashboardInput } from '../../core/render/render-dashboard.ts';
import { undefinedIfNotFound } from '../../github/github-payload.ts';
import { closeIssue, findMarkedIssue, postComment, upsertMarkedIssue } from '../../github/issues-and-comments.ts';
import { updatePull } from '../../github/pull-requests.ts';
import { deleteBranch, isOnlyAuthoredBy, listBranchCommits } from '../../github/write-bump-branch.ts';
import { dashboardUnchanged, noteDashboard, notePins, noteRevisit, noteSnapshot } from '../../index/job-observations.ts';
import { onboardRepository } from './onboard-repository.ts';
import { reviewScanWorkflowSafely } from './review-scan-workflow.ts';
import { analyzeFiles, planRepository } from '../planning/plan-repository.ts';
import { readRepoSnapshot, refreshSnapshotCache } from './read-repo-snapshot.ts';
import type { KnownRepository, RepoSnapshot } from './read-repo-snapshot.ts';
import type { RepoJob } from '../repo-job.ts';
import type { BumpContext } from './write-bump-pull.ts';
import { openBumpPull, updateBumpPull } from './write-bump-pull.ts';
import { familyName, parseDatedTag } from '../../core/tags/parse-dated-tag.ts';

export type RepoOutcome =
  | { kind: 'archived' | 'onboarding' }
  | { kind: 'invalid-config'; errors: string[] }
  | { kind: 'checked'; opened: number; updated: number; closed: number; refused: number; deferred: number };

/**
 * Creates or updates the dashboard issue; true when it wrote. Two replicas racing can both
 * create one: the one that is not the oldest closes its own, so one dashboard remains.
 */
async function updateDashboard(job: RepoJob, input: DashboardInput): Promise<boolean> {
  const body = renderDashboard(input);
  // The index knows the dashboard's last body: the same body needs no request at all.
  const known = dashboardUnchanged(job, body);
  if (known !== undefined) {
    noteDashboard(job, known.number, body);
    return false;
  }
  const result = await upsertMarkedIssue(job.octokit, job.repo, { markerKind: DASHBOARD_MARKER, appLogin: job.app.botLogin, title: DASHBOARD_TITLE, body });
  noteDashboard(job, result.number, body);
  if (result.action === 'unchanged') return false;
  job.log.info({ issue: result.number, action: result.action }, 'dashboard');
  if (result.action === 'created') {
    const oldest = await findMarkedIssue(job.octokit, job.repo, { markerKind: DASHBOARD_MARKER, appLogin: job.app.botLogin });
    if (oldest !== undefined && oldest.number !== result.number) {
      await closeIssue(job.octokit, job.repo, result.number);
      job.log.info({ issue: result.number, kept: oldest.number }, 'duplicate dashboard closed');
    }
  }
  return true;
}

/**
 * Closes a PR freshpin no longer needs, saying why. Its marker gets `released`: unlike a PR a
 * maintainer closed, it rejects nothing (its value is not listed as rejected, nor skipped).
 */
async function closeBumpPull(job: RepoJob, pull: KnownPull, reason: string): Promise<void> {
  await postComment(job.octokit, job.repo, pull.number, `freshpin closed this PR: ${reason}.`);
  const body = pull.body === undefined ? undefined : replaceBumpMarker(pull.body, { ...pull.marker, released: true });
  await updatePull(job.octokit, job.repo, pull.number, { state: 'closed', ...(body === undefined ? {} : { body }) });
}

/** After the PR is closed, its branch goes, unless someone else has commits on it. */
async function deleteBumpBranch(job: RepoJob, defaultBranch: string, branch: string): Promise<void> {
  const commits = await undefinedIfNotFound(() => listBranchCommits(job.octokit, job.repo, defaultBranch, branch));
  if (commits === undefined) return;
  if (!isOnlyAuthoredBy(commits, job.app.botLogin)) {
    job.log.info({ branch }, 'branch kept: it has commits by someone else');
    return;
  }
  await deleteBranch(job.octokit, job.repo, branch);
}

function memoryLists(snapshot: RepoSnapshot): Pick<DashboardInput, 'rejected' | 'ignored'> {
  const closed = snapshot.closedPulls.filter((pull) => !pull.merged && pull.marker.released !== true);
  return {
    rejected: closed.filter((pull) => pull.marker.ignored !== true).map((pull) => ({ number: pull.number, file: pull.marker.file, name: pull.marker.name, value: pull.marker.proposed })),
    ignored: closed.filter((pull) => pull.marker.ignored === true).map((pull) => ({ number: pull.number, file: pull.marker.file, name: pull.marker.name })),
  };
}

type Tally = Extract<RepoOutcome, { kind: 'checked' }>;

/** What the dashboard lists after the actions: open PRs (with those opened now), what waits, what was refused. */
interface ActionResults {
  opened: DashboardInput['openPulls'][number][];
  deferred: DashboardInput['deferred'][number][];
  problems: string[];
}

async function applyAction(ctx: BumpContext, action: PullAction<BumpProposal>, tally: Tally, results: ActionResults) {
  const { job } = ctx;
  switch (action.type) {
    case 'create':
    case 'update': {
      const outcome = action.type === 'create' ? await openBumpPull(ctx, action.proposal) : await updateBumpPull(ctx, action.pull, action.proposal);
      job.log.info({ pin: action.proposal.pin, file: action.proposal.file, proposed: action.proposal.proposed, outcome }, 'bump PR');
      if (outcome.kind === 'refused') tally.refused += 1;
      else tally[outcome.kind] += 1;
      if (outcome.kind !== 'refused') job.metrics?.pullRequests.inc({ action: outcome.kind });
      if (outcome.kind === 'opened') results.opened.push({ number: outcome.number, file: action.proposal.file, name: action.proposal.name, proposed: action.proposal.proposed });
      // With no PR to say it on, the dashboard says why the pin got none.
      if (outcome.kind === 'refused' && outcome.number === undefined) results.problems.push(`no PR for ${action.proposal.name} in ${action.proposal.file} (${action.proposal.proposed}): ${outcome.reason}`);
      return;
    }
    case 'close':
      await closeBumpPull(job, action.pull, action.reason);
      await deleteBumpBranch(job, ctx.defaultBranch, action.pull.branch);
      job.log.info({ pull: action.pull.number, reason: action.reason }, 'bump PR closed');
      job.metrics?.pullRequests.inc({ action: 'closed' });
      tally.closed += 1;
      return;
    case 'defer':
      results.deferred.push({ file: action.proposal.file, name: action.proposal.name, proposed: action.proposal.proposed, reason: action.reason });
      tally.deferred += 1;
      return;
    case 'keep':
      return;
  }
}

async function checkConfigured(job: RepoJob, snapshot: RepoSnapshot, config: FreshpinConfig, readsRepository: boolean): Promise<RepoOutcome> {
  // 2. Plan, minus what maintainers rejected or ignored.
  const memory = readRepoMemory(snapshot.closedPulls.filter((pull) => !pull.merged && pull.marker.released !== true));
  const analyzed = analyzeFiles(snapshot.files, job.now);
  const plan = await planRepository({
    files: snapshot.files,
    analyzed,
    config,
    now: job.now,
    tagSource: job.tagSource,
    pinOverrides: (file, stableId) => {
      const key = pinKey(file, stableId);
      return { skip: memory.ignored.has(key), ignore: [...(memory.rejected.get(key) ?? [])] };
    },
  });
  // 3. Decide.
  const actions = decidePullActions({ proposals: collectProposals(plan.files, plan.plans), open: snapshot.openPulls, pins: listPinsNow(plan.files), limit: config.prConcurrentLimit, now: job.now });
  // 4. Act, one PR at a time (writes are serialised anyway).
  const ctx: BumpContext = { job, config, defaultBranch: snapshot.defaultBranch, baseSha: snapshot.baseSha };
  notePins(job, plan.report.pins.map((pin) => ({ file: pin.file, name: pin.name, family: familyOf(pin.current, job.now), value: pin.current })));
  // A candidate held back (too young for minimumAge, a deferral) may qualify with nothing else changing.
  const heldBack = plan.report.pins.some((pin) => pin.status === 'blocked') || plan.report.updates.some((update) => update.skipped.some((value) => value.reason.includes('minimumAge')));
  if (heldBack || actions.some((action) => action.type === 'defer')) noteRevisit(job);
  const tally: Tally = { kind: 'checked', opened: 0, updated: 0, closed: 0, refused: 0, deferred: 0 };
  const results: ActionResults = { opened: [], deferred: [], problems: [] };
  for (const action of actions) await applyAction(ctx, action, tally, results);
  // 5. Dashboard.
  const kept = actions.flatMap((a) => (a.type === 'keep' || a.type === 'update' ? [{ number: a.pull.number, file: a.pull.marker.file, name: a.pull.marker.name, proposed: a.type === 'update' ? a.proposal.proposed : a.pull.marker.proposed }] : []));
  const open = [...kept, ...results.opened].sort((a, b) => a.number - b.number);
  const errors = [...snapshot.warnings, ...plan.report.errors.map((e) => e.message), ...results.problems];
  if (plan.registriesUnreachable !== undefined) errors.push(`every registry was unreachable: ${plan.registriesUnreachable}`);
  // The scan workflow: upgrade PR for an unchanged old template, dashboard lines otherwise.
  const workflow = await reviewScanWorkflowSafely(job, { defaultBranch: snapshot.defaultBranch, baseSha: snapshot.baseSha, workflow: config.scan.workflow });
  errors.push(...workflow.errors);
  const dashboardWritten = await updateDashboard(job, { report: plan.report, openPulls: open, deferred: results.deferred, ...memoryLists(snapshot), errors, workflow: workflow.lines });
  // 6. What this pass wrote changed listings the next pass reads: read them now (see refreshSnapshotCache).
  if (dashboardWritten || workflow.wrote || tally.opened + tally.updated + tally.closed + tally.refused > 0) {
    await refreshSnapshotCache(job, { repository: readsRepository, branchPrefix: config.branchPrefix, markerKind: DASHBOARD_MARKER });
  }
  return tally;
}

/**
 * Checks one repository. `known` (from the installation's repository listing, in a pass)
 * spares reading the repository itself.
 */
export async function checkRepository(job: RepoJob, known?: KnownRepository): Promise<RepoOutcome> {
  // 1. Snapshot.
  const snapshot = await readRepoSnapshot(job, known);
  noteSnapshot(job, snapshot, snapshot.config.kind === 'ok' ? snapshot.config.config.branchPrefix : undefined);
  const readsRepository = known === undefined;
  if (snapshot.archived) return { kind: 'archived' };
  switch (snapshot.config.kind) {
    case 'missing':
      await onboardRepository(job, snapshot.defaultBranch, snapshot.baseSha);
      return { kind: 'onboarding' };
    case 'invalid':
      if (await updateDashboard(job, { openPulls: [], deferred: [], rejected: [], ignored: [], errors: snapshot.config.errors.map((e) => `.github/freshpin.yml is invalid: ${e}`) })) {
        await refreshSnapshotCache(job, { repository: readsRepository, markerKind: DASHBOARD_MARKER });
      }
      return { kind: 'invalid-config', errors: snapshot.config.errors };
    case 'ok':
      return checkConfigured(job, snapshot, snapshot.config.config, readsRepository);
  }
}

/** The pin's family as the index records it (core's date rule; an undated value is its own family). */
function familyOf(value: string, now: Date): string {
  const dated = parseDatedTag(value, now);
  return dated === undefined ? value : familyName(dated);
}
