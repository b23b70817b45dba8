// The change probe: one GraphQL query for up to 100 repositories (by node id, so renames and
// transfers resolve), returning what tells whether a repository changed since freshpin last
// read it: its name, archived flag, default-branch head OID, and the open PRs of branches
// under freshpin's prefix, by the app, with their head OIDs. Its point cost comes back in the same answer
// (`rateLimit { cost remaining resetAt }`). A repository the installation can no longer see
// (deleted, transferred away, access removed) comes back as `gone`.
import { z } from 'zod';
import type { GitHubClient } from './github-client.ts';

/** At most this many repositories per query (GitHub's `nodes(ids:)` limit). */
export const PROBE_BATCH = 100;

/**
 * The probe query, validated against GitHub's schema in tests. Its point cost stays about one
 * per 100 repositories: one connection per repository (its first 100 open PRs, filtered here by
 * branch prefix and author), where refs with their associated PRs would cost a connection per ref.
 */
export const PROBE_QUERY = `query freshpinProbe($ids: [ID!]!) {
  rateLimit { cost remaining resetAt }
  nodes(ids: $ids) {
    __typename
    ... on Repository {
      id
      nameWithOwner
      isArchived
      defaultBranchRef { name target { oid } }
      pullRequests(states: OPEN, first: 100) {
        totalCount
        nodes { number headRefName headRefOid author { login } }
      }
    }
  }
}`;

const PullSchema = z.looseObject({ number: z.number(), headRefName: z.string(), headRefOid: z.string(), author: z.looseObject({ login: z.string() }).nullable().catch(null) });
const RepositorySchema = z.looseObject({
  __typename: z.literal('Repository'),
  id: z.string(),
  nameWithOwner: z.string(),
  isArchived: z.boolean(),
  defaultBranchRef: z.looseObject({ name: z.string(), target: z.looseObject({ oid: z.string() }).nullable() }).nullable(),
  pullRequests: z.looseObject({ totalCount: z.number(), nodes: z.array(PullSchema) }),
});
const AnswerSchema = z.looseObject({
  rateLimit: z.looseObject({ cost: z.number(), remaining: z.number(), resetAt: z.string() }).nullable().catch(null),
  nodes: z.array(z.unknown()),
});

/** One repository as the probe saw it. */
export type ProbedRepository =
  | {
      kind: 'present';
      nodeId: string;
      owner: string;
      repo: string;
      archived: boolean;
      defaultBranch?: string;
      headSha?: string;
      /** Open PRs on branches under the prefix, by the app, as `number@headOid`, sorted. */
      pulls: string[];
      /** More than 100 open PRs: freshpin's may be among those not listed. */
      incomplete: boolean;
    }
  | { kind: 'gone'; nodeId: string };

export interface ProbeResult {
  repositories: ProbedRepository[];
  cost?: number;
  remaining?: number;
  resetAt?: string;
}

/** The partial answer GitHub sends with errors (NOT_FOUND nodes), as @octokit/graphql attaches it. */
function partialData(error: unknown): unknown {
  if (typeof error === 'object' && error !== null && 'data' in error && (error as { data?: unknown }).data !== undefined && (error as { data?: unknown }).data !== null) return (error as { data: unknown }).data;
  throw error;
}

/**
 * Probes up to PROBE_BATCH repositories by node id. `branchPrefix` is freshpin's branch
 * prefix (`freshpin/`); `appSlug` names the app, whose PRs alone count.
 */
export async function probeRepositories(octokit: GitHubClient, nodeIds: readonly string[], branchPrefix: string, appSlug: string): Promise<ProbeResult> {
  if (nodeIds.length > PROBE_BATCH) throw new Error(`probe at most ${PROBE_BATCH} repositories at once, got ${nodeIds.length}`);
  const data = await octokit.graphql(PROBE_QUERY, { ids: [...nodeIds] }).catch(partialData);
  const answer = AnswerSchema.parse(data);
  const bot = appSlug.toLowerCase();
  const repositories = nodeIds.map((nodeId, index): ProbedRepository => {
    const parsed = RepositorySchema.safeParse(answer.nodes[index]);
    if (!parsed.success) return { kind: 'gone', nodeId };
    const node = parsed.data;
    const [owner = '', repo = ''] = node.nameWithOwner.split('/');
    const pulls = node.pullRequests.nodes
      .filter((pull) => pull.headRefName.startsWith(branchPrefix) && pull.author !== null && pull.author.login.toLowerCase().replace(/\[bot\]$/, '') === bot)
      .map((pull) => `${pull.number}@${pull.headRefOid}`)
      .sort();
    const result: ProbedRepository = { kind: 'present', nodeId, owner, repo, archived: node.isArchived, pulls: [...new Set(pulls)], incomplete: node.pullRequests.totalCount > node.pullRequests.nodes.length };
    if (node.defaultBranchRef !== null) {
      result.defaultBranch = node.defaultBranchRef.name;
      if (node.defaultBranchRef.target !== null) result.headSha = node.defaultBranchRef.target.oid;
    }
    return result;
  });
  const result: ProbeResult = { repositories };
  if (answer.rateLimit !== null) Object.assign(result, { cost: answer.rateLimit.cost, remaining: answer.rateLimit.remaining, resetAt: answer.rateLimit.resetAt });
  return result;
}
