// A repository without `.github/freshpin.yml` gets exactly one onboarding PR, whether it is
// found on installation or by a later pass. It adds the commented config and the scan
// workflow. A closed onboarding PR is respected: freshpin does not open another. An open one
// still carrying an older shipped scan template gets the current one.
import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG_PATH } from '../../core/config/config-schema.ts';
import { classifyScanWorkflow } from '../../core/workflow/shipped-templates.ts';
import { isGitHubFailure } from '../../github/github-errors.ts';
import { createPull, listPullsByBranchPrefix } from '../../github/pull-requests.ts';
import type { PullSummary } from '../../github/pull-requests.ts';
import { readTextFile } from '../../github/read-repository.ts';
import { commitFiles, createBranch, moveBranch } from '../../github/write-bump-branch.ts';
import type { RepoJob } from '../repo-job.ts';
import { hashWorkflowText, readCurrentScanTemplate } from './review-scan-workflow.ts';

export const ONBOARDING_BRANCH = 'freshpin/onboarding';
const TEMPLATES = new URL('../../../templates/', import.meta.url);
const WORKFLOW_PATH = '.github/workflows/freshpin-scan.yml';

export type OnboardingOutcome = { kind: 'opened' | 'exists' | 'declined'; number: number };

async function onboardingFiles(): Promise<Record<string, string>> {
  const [config, workflow] = await Promise.all([readFile(new URL('freshpin.yml', TEMPLATES), 'utf8'), readFile(new URL('freshpin-scan.yml', TEMPLATES), 'utf8')]);
  return { [DEFAULT_CONFIG_PATH]: config, [WORKFLOW_PATH]: workflow };
}

const BODY = `Welcome to **freshpin**. It keeps the dated base-image pins of your Dockerfiles (such as \`debian:bullseye-20250520-slim\`, also inside ARGs) fresh, proposing only values that exist for every image a pin feeds.

This PR adds:
- \`.github/freshpin.yml\`: the configuration, with every key at its default and a comment;
- \`.github/workflows/freshpin-scan.yml\`: the rebuild-and-scan workflow (\`docker build --pull --no-cache\` and Trivy in a job that sees no secret; Docker Scout in its own job when \`DOCKERHUB_USERNAME\`/\`DOCKERHUB_TOKEN\` secrets are set; every action pinned to the commit of a release). freshpin dispatches it on every bump and posts the results on the PR. While it stays as installed, freshpin proposes its future upgrades in a PR; once you edit it, it is yours.

Nothing else happens in this repository until this PR is merged. Close it to keep freshpin out of this repository.
`;

/**
 * An onboarding PR still open from before a template change carries the old workflow: when its
 * file is byte-identical to an older template freshpin shipped, one commit on top of the
 * branch (a fast-forward: nobody's commits are dropped) brings it to the current template.
 */
async function refreshOnboardingWorkflow(job: RepoJob, pull: PullSummary): Promise<void> {
  const text = await readTextFile(job.octokit, job.repo, pull.headSha, WORKFLOW_PATH);
  if (text === undefined || classifyScanWorkflow(text, hashWorkflowText(text)).kind !== 'shipped') return;
  const sha = await commitFiles(job.octokit, job.repo, { baseSha: pull.headSha, files: { [WORKFLOW_PATH]: await readCurrentScanTemplate() }, message: 'ci: upgrade the freshpin scan workflow to the current template' });
  await moveBranch(job.octokit, job.repo, ONBOARDING_BRANCH, sha, { force: false });
  job.log.info({ pull: pull.number }, 'onboarding PR workflow upgraded');
}

export async function onboardRepository(job: RepoJob, defaultBranch: string, baseSha: string): Promise<OnboardingOutcome> {
  const { octokit, repo, app } = job;
  const existing = await listPullsByBranchPrefix(octokit, repo, ONBOARDING_BRANCH, 'all', app.botLogin, { maxPages: 3 });
  const open = existing.find((pull) => pull.state === 'open');
  if (open !== undefined) {
    try {
      await refreshOnboardingWorkflow(job, open);
    } catch (error) {
      // A push racing this one, or no `workflows` permission yet: the next pass tries again.
      if (!isGitHubFailure(error, 'unprocessable', 'forbidden', 'conflict', 'not-found')) throw error;
      job.log.warn({ err: error, pull: open.number }, 'onboarding PR workflow not upgraded');
    }
    return { kind: 'exists', number: open.number };
  }
  const closed = existing.find((pull) => pull.state === 'closed' && !pull.merged);
  if (closed !== undefined) return { kind: 'declined', number: closed.number };
  const sha = await commitFiles(octokit, repo, { baseSha, files: await onboardingFiles(), message: 'chore: configure freshpin' });
  await createBranch(octokit, repo, ONBOARDING_BRANCH, sha);
  const pull = await createPull(octokit, repo, { head: ONBOARDING_BRANCH, base: defaultBranch, title: 'Configure freshpin', body: BODY });
  job.log.info({ pull: pull.number, created: pull.created }, 'onboarding PR');
  return { kind: pull.created ? 'opened' : 'exists', number: pull.number };
}
