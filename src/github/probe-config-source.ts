// The blob id of a config file in another repository (the owner's `.github` repository, an
// `_extends` target), from one small GraphQL query: a change there moves no head in the
// repositories that read it, so the incremental pass asks for it directly.
import { z } from 'zod';
import type { GitHubClient } from './github-client.ts';

/** Validated against GitHub's schema in tests. */
export const CONFIG_SOURCE_QUERY = `query freshpinConfigSource($owner: String!, $name: String!, $expression: String!) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) { object(expression: $expression) { oid } }
}`;

const AnswerSchema = z.looseObject({ repository: z.looseObject({ object: z.looseObject({ oid: z.string() }).nullable() }).nullable() });

/** The file's blob id on the default branch; null when the repository or the file is not there (or not visible). */
export async function probeConfigSource(octokit: GitHubClient, source: { owner: string; repo: string; path: string }): Promise<string | null> {
  const data = await octokit.graphql(CONFIG_SOURCE_QUERY, { owner: source.owner, name: source.repo, expression: `HEAD:${source.path}` }).catch((error: unknown) => {
    // A repository that cannot be resolved comes back as an error with partial data.
    if (typeof error === 'object' && error !== null && 'data' in error) return (error as { data: unknown }).data ?? { repository: null };
    throw error;
  });
  const answer = AnswerSchema.parse(data);
  return answer.repository?.object?.oid ?? null;
}
