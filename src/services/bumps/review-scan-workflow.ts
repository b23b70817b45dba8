// The installed scan workflow, reviewed in every pass of a configured repository:
// 1. read `.github/workflows/<scan.workflow>` at the default branch head (kept by commit, so an
//    unchanged repository costs no request);
// 2. classify it: the current template (nothing to do), an older template freshpin shipped
//    byte for byte (one upgrade PR, opened or updated in place), or the maintainers' own
//    (never overwritten; an upgrade PR left open is withdrawn; the dashboard says when it is
//    outdated and which pins are unsafe);
// 3. return the dashboard lines.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UPGRADE_MARKER, renderUpgradeBody, renderUpgradeTitle, renderWorkflowDashboardLines } from '../../core/render/render-workflow-review.ts';
import type { UpgradePullState } from '../../core/render/render-workflow-review.ts';
import { readMarker } from '../../core/markers/markers.ts';
import { CURRENT_SCAN_TEMPLATE_VERSION, SCAN_TEMPLATE_FILE, classifyScanWorkflow } from '../../core/workflow/shipped-templates.ts';
import type { ScanWorkflowState } from '../../core/workflow/shipped-templates.ts';
import { isGitHubFailure } from '../../github/github-errors.ts';
import { undefinedIfNotFound } from '../../github/github-payload.ts';
import { closePull, createPull, listPullsByBranchPrefix, updatePull } from '../../github/pull-requests.ts';
import type { PullSummary } from '../../github/pull-requests.ts';
import { getBranchHead, readTextFile } from '../../github/read-repository.ts';
import { commitFiles, createBranch, deleteBranch, isOnlyAuthoredBy, listBranchCommits, moveBranch } from '../../github/write-bump-branch.ts';
import type { RepoJob } from '../repo-job.ts';

/** The one branch of the upgrade PR (like onboarding's, independent of `branchPrefix`). */
export const UPGRADE_BRANCH = 'freshpin/scan-workflow-upgrade';
const TEMPLATE_URL = new URL(`../../../templates/${SCAN_TEMPLATE_FILE}`, import.meta.url);
const CLOSED_PAGES = 3;

let templateText: Promise<string> | undefined;

/** templates/freshpin-scan.yml, read once (a failed read is tried again next time). */
export function readCurrentScanTemplate(): Promise<string> {
  templateText ??= readFile(TEMPLATE_URL, 'utf8').catch((error: unknown) => {
    templateText = undefined;
    throw error;
  });
  return templateText;
}

/** SHA-256 (hex) of the text's UTF-8 bytes: what shipped-templates.ts lists. */
export function hashWorkflowText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The workflow file at a commit (undefined when absent). What a commit holds never changes, so
 * it is kept in the runtime's commit-files cache (bounded, least recently used out first).
 */
async function readWorkflowAt(job: RepoJob, sha: string, path: string): Promise<string | undefined> {
  const key = `workflow:${job.repo.owner}/${job.repo.repo}@${sha}:${path}`.toLowerCase();
  const cached = job.commitFiles.get(key);
  if (cached !== undefined) return cached.files[0]?.text;
  const text = await readTextFile(job.octokit, job.repo, sha, path);
  job.commitFiles.set(key, { files: text === undefined ? [] : [{ path, text }], warnings: [], bytes: (text?.length ?? 0) + path.length });
  return text;
}

const UpgradeMarkerSchema = z.object({ to: z.number().int() }).loose();

/** The version an upgrade PR proposes (from its marker), or undefined. */
function proposedVersion(pull: PullSummary): number | undefined {
  const parsed = UpgradeMarkerSchema.safeParse(readMarker(pull.body, UPGRADE_MARKER));
  return parsed.success ? parsed.data.to : undefined;
}

export interface ScanWorkflowReview {
  path: string;
  state?: ScanWorkflowState;
  /** Dashboard lines (markdown); empty when all is well. */
  lines: string[];
  /** True when the pass wrote (branch, PR): listings it read are stale. */
  wrote: boolean;
}

interface UpgradeInput {
  defaultBranch: string;
  baseSha: string;
  path: string;
  state: Extract<ScanWorkflowState, { kind: 'shipped' }>;
}

/** Commits the current template on the base head and points the upgrade branch at it, unless someone else has commits there. */
async function pushUpgradeBranch(job: RepoJob, input: UpgradeInput, template: string, exists: boolean): Promise<{ sha: string } | { refused: string }> {
  const { octokit, repo, app } = job;
  const refusal = async () => {
    const commits = await listBranchCommits(octokit, repo, input.defaultBranch, UPGRADE_BRANCH);
    return isOnlyAuthoredBy(commits, app.botLogin) ? undefined : `the branch ${UPGRADE_BRANCH} has commits by someone other than ${app.botLogin}; freshpin leaves it alone`;
  };
  if (exists) {
    const refused = await refusal();
    if (refused !== undefined) return { refused };
  }
  const message = `ci: upgrade the freshpin scan workflow to template v${CURRENT_SCAN_TEMPLATE_VERSION}`;
  const sha = await commitFiles(octokit, repo, { baseSha: input.baseSha, files: { [input.path]: template }, message });
  if (!exists && (await createBranch(octokit, repo, UPGRADE_BRANCH, sha)) === 'created') return { sha };
  if (!exists) {
    const refused = await refusal();
    if (refused !== undefined) return { refused };
  }
  await moveBranch(octokit, repo, UPGRADE_BRANCH, sha, { force: true });
  return { sha };
}

/** Opens the upgrade PR, or brings the open one up to date; a closed one for this version is respected. */
async function upsertUpgradePull(job: RepoJob, input: UpgradeInput): Promise<{ pull: UpgradePullState; wrote: boolean }> {
  const { octokit, repo, app } = job;
  const pulls = (await listPullsByBranchPrefix(octokit, repo, UPGRADE_BRANCH, 'all', app.botLogin, { maxPages: CLOSED_PAGES })).filter((pull) => pull.headRef === UPGRADE_BRANCH);
  const template = await readCurrentScanTemplate();
  const title = renderUpgradeTitle();
  const body = renderUpgradeBody({ path: input.path, from: input.state.template, problems: input.state.problems });
  const open = pulls.find((pull) => pull.state === 'open');
  if (open !== undefined) {
    let wrote = false;
    if ((await readTextFile(octokit, repo, open.headSha, input.path)) !== template) {
      const pushed = await pushUpgradeBranch(job, input, template, true);
      if ('refused' in pushed) return { pull: { kind: 'refused', reason: pushed.refused }, wrote };
      wrote = true;
    }
    if (open.body !== body || open.title !== title) {
      await updatePull(octokit, repo, open.number, { title, body });
      wrote = true;
    }
    if (wrote) job.log.info({ pull: open.number }, 'scan workflow upgrade PR updated');
    return { pull: { kind: 'open', number: open.number }, wrote };
  }
  const declined = pulls.find((pull) => pull.state === 'closed' && proposedVersion(pull) === CURRENT_SCAN_TEMPLATE_VERSION);
  if (declined !== undefined) return { pull: { kind: 'declined', number: declined.number }, wrote: false };
  const exists = (await getBranchHead(octokit, repo, UPGRADE_BRANCH)) !== undefined;
  const pushed = await pushUpgradeBranch(job, input, template, exists);
  if ('refused' in pushed) return { pull: { kind: 'refused', reason: pushed.refused }, wrote: false };
  const created = await createPull(octokit, repo, { head: UPGRADE_BRANCH, base: input.defaultBranch, title, body });
  // An adopted PR (a replica racing this pass) gets this pass's words.
  if (!created.created) await updatePull(octokit, repo, created.number, { title, body });
  job.log.info({ pull: created.number, created: created.created, from: input.state.template.version }, 'scan workflow upgrade PR');
  return { pull: { kind: 'open', number: created.number }, wrote: true };
}

/**
 * The maintainers edited the workflow while an upgrade PR was open: merging it would overwrite
 * their edits, so it is closed with a comment saying why (its branch goes too, unless someone
 * else has commits on it). True when it wrote.
 */
async function withdrawUpgradePull(job: RepoJob, input: { defaultBranch: string; path: string }): Promise<boolean> {
  const { octokit, repo, app } = job;
  const open = (await listPullsByBranchPrefix(octokit, repo, UPGRADE_BRANCH, 'open', app.botLogin)).filter((pull) => pull.headRef === UPGRADE_BRANCH);
  for (const pull of open) {
    await closePull(octokit, repo, pull.number, `freshpin closed this PR: \`${input.path}\` was edited on the default branch, so it is no longer the template freshpin shipped, and freshpin never overwrites a customised workflow. The dashboard lists the pins it considers unsafe.`);
    const commits = await undefinedIfNotFound(() => listBranchCommits(octokit, repo, input.defaultBranch, UPGRADE_BRANCH));
    if (commits !== undefined && isOnlyAuthoredBy(commits, app.botLogin)) await deleteBranch(octokit, repo, UPGRADE_BRANCH);
    job.log.info({ pull: pull.number }, 'scan workflow upgrade PR withdrawn: the workflow was customised');
  }
  return open.length > 0;
}

/** Reviews the scan workflow at the base head; see the file comment. */
export async function reviewScanWorkflow(job: RepoJob, input: { defaultBranch: string; baseSha: string; workflow: string }): Promise<ScanWorkflowReview> {
  const path = `.github/workflows/${input.workflow}`;
  const text = await readWorkflowAt(job, input.baseSha, path);
  if (text === undefined) return { path, lines: [], wrote: false };
  const state = classifyScanWorkflow(text, hashWorkflowText(text));
  if (state.kind === 'customised') {
    const wrote = await withdrawUpgradePull(job, { defaultBranch: input.defaultBranch, path });
    return { path, state, lines: renderWorkflowDashboardLines(path, state), wrote };
  }
  if (state.kind !== 'shipped') return { path, state, lines: renderWorkflowDashboardLines(path, state), wrote: false };
  const { pull, wrote } = await upsertUpgradePull(job, { defaultBranch: input.defaultBranch, baseSha: input.baseSha, path, state });
  if (wrote) {
    // Read the listing again now, so that the next pass over an unchanged repository meets a 304.
    await listPullsByBranchPrefix(job.octokit, job.repo, UPGRADE_BRANCH, 'all', job.app.botLogin, { maxPages: CLOSED_PAGES });
  }
  return { path, state, lines: renderWorkflowDashboardLines(path, state, pull), wrote };
}

/**
 * `reviewScanWorkflow` for a pass: a refusal by GitHub (say, an installation that has not
 * granted the `workflows` permission yet) becomes a dashboard problem instead of failing the
 * repository's pass; outages and rate limits still propagate.
 */
export async function reviewScanWorkflowSafely(job: RepoJob, input: { defaultBranch: string; baseSha: string; workflow: string }): Promise<ScanWorkflowReview & { errors: string[] }> {
  try {
    return { ...(await reviewScanWorkflow(job, input)), errors: [] };
  } catch (error) {
    if (!isGitHubFailure(error, 'forbidden', 'not-allowed', 'unprocessable', 'conflict', 'not-found')) throw error;
    job.log.warn({ err: error }, 'scan workflow review failed');
    return { path: `.github/workflows/${input.workflow}`, lines: [], wrote: false, errors: [`freshpin could not review or upgrade the scan workflow: ${error.message}`] };
  }
}
