// Check runs: one per name and commit, created or updated in place.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';

export type CheckStatus = 'queued' | 'in_progress' | 'completed';
export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckRunInput {
  name: string;
  headSha: string;
  status: CheckStatus;
  /** Required by GitHub when `status` is `completed`. */
  conclusion?: CheckConclusion;
  title: string;
  /** Markdown; cut to GitHub's 65,535-character limit. */
  summary: string;
  text?: string;
  detailsUrl?: string;
  externalId?: string;
  /** Only consider (and so only update) runs of this app id; an installation token can only update its own app's runs. */
  appId?: number;
}

export interface CheckRunInfo {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  appSlug?: string;
  externalId?: string;
  detailsUrl?: string;
  htmlUrl?: string;
}

/** GitHub rejects `output.summary` and `output.text` above 65,535 characters. */
export const CHECK_OUTPUT_LIMIT = 65_535;

const CheckRunSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  head_sha: z.string(),
  status: z.string().catch('queued'),
  conclusion: z.string().nullish().catch(null),
  external_id: z.string().nullish().catch(null),
  details_url: z.string().nullish().catch(null),
  html_url: z.string().nullish().catch(null),
  app: z.looseObject({ slug: z.string().optional() }).nullish().catch(null),
});

const CheckRunListSchema = z.looseObject({ check_runs: z.array(CheckRunSchema) });

/** Check runs on a commit, optionally one name and one app's; newest first, up to 100. */
export async function listCheckRuns(octokit: GitHubClient, ref: RepoRef, headSha: string, options: { checkName?: string; appId?: number } = {}): Promise<CheckRunInfo[]> {
  const context = `list check runs on ${headSha} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(
    context,
    async () =>
      (
        await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
          ...ref,
          ref: headSha,
          ...(options.checkName === undefined ? {} : { check_name: options.checkName }),
          ...(options.appId === undefined ? {} : { app_id: options.appId }),
          filter: 'latest',
          per_page: 100,
        })
      ).data,
  );
  return parsePayload(CheckRunListSchema, data, context).check_runs.map((run) => ({
    id: run.id,
    name: run.name,
    headSha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion ?? null,
    ...(run.app?.slug === undefined ? {} : { appSlug: run.app.slug }),
    ...(run.external_id ? { externalId: run.external_id } : {}),
    ...(run.details_url ? { detailsUrl: run.details_url } : {}),
    ...(run.html_url ? { htmlUrl: run.html_url } : {}),
  }));
}

/** Updates the check run named `name` on `headSha` (PATCH), or creates it (POST). */
export async function upsertCheckRun(octokit: GitHubClient, ref: RepoRef, input: CheckRunInput): Promise<{ id: number; action: 'created' | 'updated' }> {
  const existing = (await listCheckRuns(octokit, ref, input.headSha, { checkName: input.name, ...(input.appId === undefined ? {} : { appId: input.appId }) })).find(
    (run) => run.name === input.name,
  );
  const fields = {
    status: input.status,
    ...(input.conclusion === undefined ? {} : { conclusion: input.conclusion }),
    output: {
      title: input.title,
      summary: cut(input.summary),
      ...(input.text === undefined ? {} : { text: cut(input.text) }),
    },
    ...(input.detailsUrl === undefined ? {} : { details_url: input.detailsUrl }),
    ...(input.externalId === undefined ? {} : { external_id: input.externalId }),
  };
  if (existing !== undefined) {
    const context = `update check run ${input.name} on ${input.headSha} in ${formatRepoRef(ref)}`;
    await withGitHubContext(context, () => octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...ref, check_run_id: existing.id, ...fields }));
    return { id: existing.id, action: 'updated' };
  }
  const context = `create check run ${input.name} on ${input.headSha} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, async () => (await octokit.request('POST /repos/{owner}/{repo}/check-runs', { ...ref, name: input.name, head_sha: input.headSha, ...fields })).data);
  return { id: parsePayload(CheckRunSchema, data, context).id, action: 'created' };
}

function cut(text: string): string {
  if (text.length <= CHECK_OUTPUT_LIMIT) return text;
  const note = '\n\n… (cut to fit GitHub’s limit)';
  return `${text.slice(0, CHECK_OUTPUT_LIMIT - note.length)}${note}`;
}
