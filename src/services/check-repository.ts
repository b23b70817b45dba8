// One repository's pass, as a recipe:
// 1. read the snapshot (config, Dockerfiles, freshpin PRs); onboard when there is no config;
// 2. plan every pin (the same core as `freshpin check`), minus rejected values and ignored pins;
// 3. decide the PR actions; 4. open, update or close PRs and dispatch scans;
// 5. update the dashboard issue.
import type { FreshpinConfig } from '../core/config/config-schema.ts';
import { pinIdentity, stablePinId } from '../core/pulls/bump-identity.ts';
import { collectProposals, listPinsNow } from '../core/pulls/collect-proposals.ts';
import type { BumpProposal } from '../core/pulls/collect-proposals.ts';
import { decidePullActions, readRepoMemory } from '../core/pulls/decide-pull-actions.ts';
import type { PullAction } from '../core/pulls/decide-pull-actions.ts';
import { DASHBOARD_MARKER, DASHBOARD_TITLE, renderDashboard } from '../core/render/render-dashboard.ts';
import type { DashboardInput } from '../core/render/render-dashboard.ts';
import { upsertMarkedIssue } from '../github/issues-and-comments.ts';
import { closePull } from '../github/pull-requests.ts';
import { deleteBranch } from '../github/write-bump-branch.ts';
import { onboardRepository } from './onboard-repository.ts';
import { analyzeFiles, planRepository } from './plan-repository.ts';
import { readRepoSnapshot } from './read-repo-snapshot.ts';
import type { RepoSnapshot } from './read-repo-snapshot.ts';
import type { RepoJob } from './repo-job.ts';
import type { BumpContext } from './write-bump-pull.ts';
import { openBumpPull, updateBumpPull } from './write-bump-pull.ts';

export type RepoOutcome =
  | { kind: 'archived' | 'onboarding' }
  | { kind: 'invalid-config'; errors: string[] }
  | { kind: 'checked'; opened: number; updated: number; closed: number; refused: number; deferred: number };

async function updateDashboard(job: RepoJob, input: DashboardInput): Promise<void> {
  const result = await upsertMarkedIssue(job.octokit, job.repo, { markerKind: DASHBOARD_MARKER, appLogin: job.app.botLogin, title: DASHBOARD_TITLE, body: renderDashboard(input) });
  if (result.action !== 'unchanged') job.log.info({ issue: result.number, action: result.action }, 'dashboard');
}

function memoryLists(snapshot: RepoSnapshot): Pick<DashboardInput, 'rejected' | 'ignored'> {
  const closed = snapshot.closedPulls.filter((pull) => !pull.merged && pull.marker.released !== true);
  return {
    rejected: closed.filter((pull) => pull.marker.ignored !== true).map((pull) => ({ number: pull.number, file: pull.marker.file, name: pull.marker.name, value: pull.marker.proposed })),
    ignored: closed.filter((pull) => pull.marker.ignored === true).map((pull) => ({ number: pull.number, file: pull.marker.file, name: pull.marker.name })),
  };
}

async function applyAction(ctx: BumpContext, action: PullAction<BumpProposal>, tally: Extract<RepoOutcome, { kind: 'checked' }>, deferred: DashboardInput['deferred'][number][]) {
  const { job } = ctx;
  switch (action.type) {
    case 'create':
    case 'update': {
      const outcome = action.type === 'create' ? await openBumpPull(ctx, action.proposal) : await updateBumpPull(ctx, action.pull, action.proposal);
      job.log.info({ pin: action.proposal.pin, file: action.proposal.file, proposed: action.proposal.proposed, outcome }, 'bump PR');
      if (outcome.kind === 'refused') tally.refused += 1;
      else tally[outcome.kind] += 1;
      if (outcome.kind !== 'refused') job.metrics?.pullRequests.inc({ action: outcome.kind });
      return;
    }
    case 'close':
      await closePull(job.octokit, job.repo, action.pull.number, `freshpin closed this PR: ${action.reason}.`);
      await deleteBranch(job.octokit, job.repo, action.pull.branch);
      job.log.info({ pull: action.pull.number, reason: action.reason }, 'bump PR closed');
      job.metrics?.pullRequests.inc({ action: 'closed' });
      tally.closed += 1;
      return;
    case 'defer':
      deferred.push({ file: action.proposal.file, name: action.proposal.name, proposed: action.proposal.proposed, reason: action.reason });
      tally.deferred += 1;
      return;
    case 'keep':
      return;
  }
}

async function checkConfigured(job: RepoJob, snapshot: RepoSnapshot, config: FreshpinConfig): Promise<RepoOutcome> {
  // 2. Plan, minus what maintainers rejected or ignored.
  const memory = readRepoMemory(snapshot.closedPulls.filter((pull) => !pull.merged && pull.marker.released !== true));
  const stableIds = new Map<string, string>();
  for (const file of analyzeFiles(snapshot.files, job.now)) {
    for (const pin of file.analysis?.pins ?? []) stableIds.set(`${file.path}\u0000${pin.id}`, stablePinId(file.analysis!, pin));
  }
  const plan = await planRepository({
    files: snapshot.files,
    config,
    now: job.now,
    tagSource: job.tagSource,
    pinOverrides: (file, pin) => {
      const key = pinIdentity(file, stableIds.get(`${file}\u0000${pin.id}`) ?? pin.id);
      return { skip: memory.ignored.has(key), ignore: [...(memory.rejected.get(key) ?? [])] };
    },
  });
  // 3. Decide.
  const actions = decidePullActions({ proposals: collectProposals(plan.files, plan.report), open: snapshot.openPulls, pins: listPinsNow(plan.files), limit: config.prConcurrentLimit, now: job.now });
  // 4. Act, one PR at a time (writes are serialised anyway).
  const ctx: BumpContext = { job, config, defaultBranch: snapshot.defaultBranch, baseSha: snapshot.baseSha };
  const tally = { kind: 'checked' as const, opened: 0, updated: 0, closed: 0, refused: 0, deferred: 0 };
  const deferred: DashboardInput['deferred'][number][] = [];
  for (const action of actions) await applyAction(ctx, action, tally, deferred);
  // 5. Dashboard.
  const open = actions.flatMap((a) => (a.type === 'keep' || a.type === 'update' ? [{ number: a.pull.number, file: a.pull.marker.file, name: a.pull.marker.name, proposed: a.type === 'update' ? a.proposal.proposed : a.pull.marker.proposed }] : []));
  const errors = [...snapshot.warnings, ...plan.report.errors.map((e) => e.message)];
  if (plan.registriesUnreachable !== undefined) errors.push(`every registry was unreachable: ${plan.registriesUnreachable}`);
  await updateDashboard(job, { report: plan.report, openPulls: open, deferred, ...memoryLists(snapshot), errors });
  return tally;
}

export async function checkRepository(job: RepoJob): Promise<RepoOutcome> {
  // 1. Snapshot.
  const snapshot = await readRepoSnapshot(job);
  if (snapshot.archived) return { kind: 'archived' };
  switch (snapshot.config.kind) {
    case 'missing':
      await onboardRepository(job, snapshot.defaultBranch, snapshot.baseSha);
      return { kind: 'onboarding' };
    case 'invalid':
      await updateDashboard(job, { openPulls: [], deferred: [], rejected: [], ignored: [], errors: snapshot.config.errors.map((e) => `.github/freshpin.yml is invalid: ${e}`) });
      return { kind: 'invalid-config', errors: snapshot.config.errors };
    case 'ok':
      return checkConfigured(job, snapshot, snapshot.config.config);
  }
}
