// The GraphQL endpoint (`POST /graphql`, `/api/graphql` on GHES): every query is parsed and
// validated against GitHub's published GraphQL schema (@octokit/graphql-schema), then executed
// with graphql-js over the fake's state. Resolved: `nodes(ids:)` and `repository(owner:, name:)`
// for repositories (name, archived flag, default branch head, refs under a prefix with their
// open pull requests), and `rateLimit` (its own points bucket per installation, as GitHub keeps).
// A node the caller cannot see resolves to null with a NOT_FOUND error, as GitHub answers.
import { buildSchema, execute, parse, print, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { schema as githubSchema } from '@octokit/graphql-schema';
import { repoKey } from './fake-state.ts';
import type { FakeState, IssueRecord, Repo } from './fake-state.ts';
import { nodeId } from './shapes-basic.ts';
import { readFileAt, resolveCommitish } from './repo-ops.ts';
import { createHash } from 'node:crypto';
import { consumeRate } from './rate-limit.ts';
import type { RateInfo } from './rate-limit.ts';

let loaded: GraphQLSchema | undefined;

/** GitHub's GraphQL schema, built once per process. */
export function loadGraphqlSchema(): GraphQLSchema {
  loaded ??= buildSchema(githubSchema.idl, { assumeValidSDL: true });
  return loaded;
}

/** What the endpoint answers: a JSON body, and the points window for the headers. */
export interface GraphqlAnswer {
  status: number;
  body: Record<string, unknown>;
  rate?: RateInfo;
  /** Set when the query does not conform to GitHub's schema (the fake records a violation). */
  invalid?: string[];
}

const POINTS_PER_HOUR = 5000;

/**
 * GitHub's point cost, for the queries the fake serves: one request for the query, plus one per
 * connection asked of each repository (its PRs or refs), divided by 100, rounded, at least 1.
 */
function queryCost(document: DocumentNode, variables: Record<string, unknown>): number {
  const ids = Array.isArray(variables.ids) ? variables.ids.length : 1;
  const text = print(document);
  const perRepository = (text.match(/\b(pullRequests|refs)\(/g) ?? []).length;
  const perRef = (text.match(/\bassociatedPullRequests\(/g) ?? []).length * 100;
  return Math.max(1, Math.round((1 + ids * perRepository * (1 + perRef)) / 100));
}

function repoVisible(repo: Repo | undefined, installationId: number, repoKeys: Set<string> | null): repo is Repo {
  return repo !== undefined && repo.installationId === installationId && (repoKeys === null || repoKeys.has(repo.key));
}

function pullJson(issue: IssueRecord) {
  const bot = issue.user.type === 'Bot';
  return {
    __typename: 'PullRequest',
    id: nodeId('PR', issue.pullId),
    number: issue.number,
    headRefName: issue.pull?.headRef ?? '',
    headRefOid: issue.pull?.headSha ?? '',
    state: issue.state === 'open' ? 'OPEN' : issue.pull?.merged === true ? 'MERGED' : 'CLOSED',
    // GraphQL names bots without the `[bot]` suffix REST gives them.
    author: { __typename: bot ? 'Bot' : 'User', login: bot ? issue.user.login.replace(/\[bot\]$/, '') : issue.user.login },
  };
}

function refJson(state: FakeState, repo: Repo, fullName: string, sha: string) {
  const short = fullName.replace(/^refs\/heads\//, '');
  return {
    __typename: 'Ref',
    id: nodeId('REF', repo.id) + Buffer.from(fullName).toString('base64url'),
    name: short,
    prefix: 'refs/heads/',
    target: { __typename: 'Commit', id: nodeId('C', repo.id) + sha.slice(0, 12), oid: sha },
    associatedPullRequests: (args: { states?: string[]; first?: number }) => {
      const pulls = [...repo.issues.values()].filter((issue) => issue.pull?.headRef === short && (args.states === undefined || args.states.includes(issue.state === 'open' ? 'OPEN' : issue.pull.merged ? 'MERGED' : 'CLOSED')));
      return { totalCount: pulls.length, nodes: pulls.slice(0, args.first ?? 100).map((issue) => pullJson(issue)) };
    },
  };
}

function repositoryJson(state: FakeState, repo: Repo) {
  return {
    __typename: 'Repository',
    id: nodeId('R', repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    isArchived: repo.archived,
    owner: { __typename: repo.ownerType === 'Organization' ? 'Organization' : 'User', login: repo.owner },
    object: (args: { expression: string }) => {
      // `REF:path` (HEAD is the default branch): the blob at that path, as git names it.
      const at = args.expression.indexOf(':');
      const ref = at < 0 ? args.expression : args.expression.slice(0, at);
      const sha = resolveCommitish(repo, ref === 'HEAD' ? repo.defaultBranch : ref);
      if (sha === undefined || at < 0) return null;
      const content = readFileAt(repo, sha, args.expression.slice(at + 1));
      if (content === undefined) return null;
      const oid = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
      return { __typename: 'Blob', id: nodeId('B', repo.id) + oid.slice(0, 12), oid };
    },
    defaultBranchRef: () => {
      const sha = repo.refs.get(`refs/heads/${repo.defaultBranch}`);
      return sha === undefined ? null : refJson(state, repo, `refs/heads/${repo.defaultBranch}`, sha);
    },
    pullRequests: (args: { states?: string[]; first?: number }) => {
      const open = (issue: IssueRecord) => (issue.state === 'open' ? 'OPEN' : issue.pull?.merged === true ? 'MERGED' : 'CLOSED');
      const pulls = [...repo.issues.values()].filter((issue) => issue.pull !== undefined && (args.states === undefined || args.states.includes(open(issue))));
      const page = pulls.slice(0, args.first ?? 100);
      return { totalCount: pulls.length, pageInfo: { hasNextPage: pulls.length > page.length, endCursor: null }, nodes: page.map((issue) => pullJson(issue)) };
    },
    refs: (args: { refPrefix: string; first?: number }) => {
      const refs = [...repo.refs.entries()].filter(([name]) => name.startsWith(args.refPrefix)).sort(([a], [b]) => (a < b ? -1 : 1));
      const page = refs.slice(0, args.first ?? 100);
      return {
        totalCount: refs.length,
        pageInfo: { hasNextPage: refs.length > page.length, endCursor: null },
        nodes: page.map(([name, sha]) => ({ ...refJson(state, repo, name, sha), name: name.slice(args.refPrefix.length) })),
      };
    },
  };
}

/** Answers one GraphQL request from `installationId` (undefined: not an installation token). */
export function serveGraphql(state: FakeState, rawBody: string, caller: { installationId: number; repoKeys: Set<string> | null } | undefined, nowMs: number): GraphqlAnswer {
  if (caller === undefined) return { status: 401, body: { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' } };
  let request: { query?: unknown; variables?: unknown };
  try {
    request = JSON.parse(rawBody) as typeof request;
  } catch {
    return { status: 400, body: { message: 'Problems parsing JSON' } };
  }
  if (typeof request.query !== 'string') return { status: 200, body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] } };
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  const schema = loadGraphqlSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const message = (error as Error).message;
    return { status: 200, body: { errors: [{ message }] }, invalid: [message] };
  }
  const problems = validate(schema, document);
  if (problems.length > 0) return { status: 200, body: { errors: problems.map((problem) => ({ message: problem.message })) }, invalid: problems.map((problem) => problem.message) };

  const cost = queryCost(document, variables);
  consumeRate(state, `graphql:installation:${caller.installationId}`, false, POINTS_PER_HOUR, nowMs);
  const bucket = state.rate.get(`graphql:installation:${caller.installationId}`);
  if (bucket !== undefined) bucket.used += cost;
  const rate = consumeRate(state, `graphql:installation:${caller.installationId}`, false, POINTS_PER_HOUR, nowMs);
  const errors: Array<Record<string, unknown>> = [];
  const byNodeId = (id: string): Repo | undefined => {
    const match = /^R_kw(.+)$/.exec(id);
    if (match === null) return undefined;
    const number = Number(Buffer.from(match[1] ?? '', 'base64url').toString('utf8'));
    for (const key of state.installations.get(caller.installationId)?.repoKeys ?? []) {
      const repo = state.repos.get(key);
      if (repo?.id === number) return repo;
    }
    return undefined;
  };
  const root = {
    rateLimit: () => ({ cost, limit: rate.limit, remaining: rate.remaining, used: rate.used, resetAt: new Date(rate.reset * 1000).toISOString(), nodeCount: cost * 100 }),
    nodes: (args: { ids: string[] }) =>
      args.ids.map((id, index) => {
        const repo = byNodeId(id);
        if (repoVisible(repo, caller.installationId, caller.repoKeys)) return repositoryJson(state, repo);
        errors.push({ type: 'NOT_FOUND', path: ['nodes', index], locations: [], message: `Could not resolve to a node with the global id of '${id}'` });
        return null;
      }),
    repository: (args: { owner: string; name: string }) => {
      const repo = state.repos.get(repoKey(args.owner, args.name));
      if (repoVisible(repo, caller.installationId, caller.repoKeys)) return repositoryJson(state, repo);
      errors.push({ type: 'NOT_FOUND', path: ['repository'], locations: [], message: `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.` });
      return null;
    },
  };
  const result = execute({ schema, document, rootValue: root, variableValues: variables }) as { data?: unknown; errors?: readonly Error[] };
  if ('then' in result) throw new Error('GitHub fake: GraphQL resolvers must be synchronous');
  for (const error of result.errors ?? []) errors.push({ message: error.message });
  return { status: 200, body: { data: result.data ?? null, ...(errors.length > 0 ? { errors } : {}) }, rate };
}
