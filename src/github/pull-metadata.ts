// Labels, reviewers and assignees on a pull request. Each failure (a reviewer who is not a
// collaborator, an assignee who cannot be assigned, a missing label permission) is
// collected and returned, never thrown: the pull request itself is already open.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { classifyGitHubError, type GitHubFailureKind } from './github-errors.ts';

export interface PullMetadata {
  labels?: string[];
  /** User logins, and teams as `org/team-slug`. */
  reviewers?: string[];
  assignees?: string[];
}

export interface MetadataFailure {
  what: 'labels' | 'reviewers' | 'assignees';
  /** The login, team or label concerned, when one can be named. */
  target?: string;
  message: string;
}

const AssigneesSchema = z.looseObject({ assignees: z.array(z.looseObject({ login: z.string() })).nullish().catch(null) });

/** Applies labels, review requests and assignees; returns what could not be applied. */
export async function applyPullMetadata(octokit: GitHubClient, ref: RepoRef, number: number, metadata: PullMetadata): Promise<{ failures: MetadataFailure[] }> {
  const failures: MetadataFailure[] = [];
  const labels = unique(metadata.labels ?? []);
  if (labels.length > 0) {
    await attempt(failures, 'labels', undefined, () => octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...ref, issue_number: number, labels }));
  }
  const reviewers = unique(metadata.reviewers ?? []);
  if (reviewers.length > 0) {
    failures.push(...(await requestReviewers(octokit, ref, number, reviewers)));
  }
  const assignees = unique(metadata.assignees ?? []);
  if (assignees.length > 0) {
    failures.push(...(await addAssignees(octokit, ref, number, assignees)));
  }
  return { failures };
}

/** Requests all reviewers at once; when GitHub refuses the batch, one by one, so one bad login does not block the rest. */
async function requestReviewers(octokit: GitHubClient, ref: RepoRef, number: number, reviewers: string[]): Promise<MetadataFailure[]> {
  const send = (targets: string[]) => {
    const users = targets.filter((target) => !target.includes('/'));
    const teams = targets.filter((target) => target.includes('/')).map((target) => target.slice(target.indexOf('/') + 1));
    return octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', {
      ...ref,
      pull_number: number,
      ...(users.length > 0 ? { reviewers: users } : {}),
      ...(teams.length > 0 ? { team_reviewers: teams } : {}),
    });
  };
  const batch: MetadataFailure[] = [];
  const kind = await attempt(batch, 'reviewers', reviewers.length === 1 ? reviewers[0] : undefined, () => send(reviewers));
  // Only a validation refusal (someone is not a collaborator) is worth isolating; a 403 would fail for each.
  if (kind !== 'unprocessable' || reviewers.length === 1) return batch;
  const failures: MetadataFailure[] = [];
  for (const reviewer of reviewers) {
    await attempt(failures, 'reviewers', reviewer, () => send([reviewer]));
  }
  return failures;
}

/** GitHub silently skips logins that cannot be assigned; those are reported as failures. */
async function addAssignees(octokit: GitHubClient, ref: RepoRef, number: number, assignees: string[]): Promise<MetadataFailure[]> {
  const failures: MetadataFailure[] = [];
  let data: unknown;
  await attempt(failures, 'assignees', undefined, async () => {
    data = (await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', { ...ref, issue_number: number, assignees })).data;
  });
  if (failures.length > 0) return failures;
  const parsed = AssigneesSchema.safeParse(data);
  if (!parsed.success) return failures;
  const assigned = new Set((parsed.data.assignees ?? []).map((user) => user.login.toLowerCase()));
  for (const login of assignees) {
    if (!assigned.has(login.toLowerCase())) {
      failures.push({ what: 'assignees', target: login, message: `${login} cannot be assigned in ${formatRepoRef(ref)}` });
    }
  }
  return failures;
}

/** Runs one call; on failure records it and returns its kind. */
async function attempt(failures: MetadataFailure[], what: MetadataFailure['what'], target: string | undefined, run: () => Promise<unknown>): Promise<GitHubFailureKind | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    const failure = classifyGitHubError(error);
    const detail = failure.details.length > 0 ? `${failure.message}: ${failure.details.join('; ')}` : failure.message;
    failures.push({ what, ...(target === undefined ? {} : { target }), message: failure.status === undefined ? detail : `${failure.status} ${detail}` });
    return failure.kind;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}
