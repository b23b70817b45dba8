// A repository without `.github/freshpin.yml` gets exactly one onboarding PR, whether it is
// found on installation or by a later pass. It adds the commented config and the scan
// workflow. A closed onboarding PR is respected: freshpin does not open another.
import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG_PATH } from '../github/read-repo-config.ts';
import { createPull, listPullsByBranchPrefix } from '../github/pull-requests.ts';
import { commitFiles, createBranch } from '../github/write-bump-branch.ts';
import type { RepoJob } from './repo-job.ts';

export const ONBOARDING_BRANCH = 'freshpin/onboarding';
const TEMPLATES = new URL('../../templates/', import.meta.url);

export type OnboardingOutcome = { kind: 'opened' | 'exists' | 'declined'; number: number };

async function onboardingFiles(): Promise<Record<string, string>> {
  const [config, workflow] = await Promise.all([readFile(new URL('freshpin.yml', TEMPLATES), 'utf8'), readFile(new URL('freshpin-scan.yml', TEMPLATES), 'utf8')]);
  return { [DEFAULT_CONFIG_PATH]: config, '.github/workflows/freshpin-scan.yml': workflow };
}

const BODY = `Welcome to **freshpin**. It keeps the dated base-image pins of your Dockerfiles (such as \`debian:bullseye-20250520-slim\`, also inside ARGs) fresh, proposing only values that exist for every image a pin feeds.

This PR adds:
- \`.github/freshpin.yml\`: the configuration, with every key at its default and a comment;
- \`.github/workflows/freshpin-scan.yml\`: the rebuild-and-scan workflow (\`docker build --pull --no-cache\` and Trivy in a job that sees no secret; Docker Scout in its own job when \`DOCKERHUB_USERNAME\`/\`DOCKERHUB_TOKEN\` secrets are set; every action pinned to the commit of a release). freshpin dispatches it on every bump and posts the results on the PR. While it stays as installed, freshpin proposes its future upgrades in a PR; once you edit it, it is yours.

Nothing else happens in this repository until this PR is merged. Close it to keep freshpin out of this repository.
`;

export async function onboardRepository(job: RepoJob, defaultBranch: string, baseSha: string): Promise<OnboardingOutcome> {
  const { octokit, repo, app } = job;
  const existing = await listPullsByBranchPrefix(octokit, repo, ONBOARDING_BRANCH, 'all', app.botLogin, { maxPages: 3 });
  const open = existing.find((pull) => pull.state === 'open');
  if (open !== undefined) return { kind: 'exists', number: open.number };
  const closed = existing.find((pull) => pull.state === 'closed' && !pull.merged);
  if (closed !== undefined) return { kind: 'declined', number: closed.number };
  const sha = await commitFiles(octokit, repo, { baseSha, files: await onboardingFiles(), message: 'chore: configure freshpin' });
  await createBranch(octokit, repo, ONBOARDING_BRANCH, sha);
  const pull = await createPull(octokit, repo, { head: ONBOARDING_BRANCH, base: defaultBranch, title: 'Configure freshpin', body: BODY });
  job.log.info({ pull: pull.number, created: pull.created }, 'onboarding PR');
  return { kind: pull.created ? 'opened' : 'exists', number: pull.number };
}
