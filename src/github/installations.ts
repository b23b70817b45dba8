// The app itself: which repositories an installation can reach, and who the app is.
import { z } from 'zod';
import type { GitHubClient, RepoRef } from './github-client.ts';
import { withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';

export interface InstallationRepository extends RepoRef {
  id: number;
  /** GraphQL node id (stable across renames and transfers), when the listing gave one. */
  nodeId?: string;
  fullName: string;
  defaultBranch?: string;
  archived: boolean;
  fork: boolean;
  private: boolean;
}

export interface AppIdentity {
  id?: number;
  slug: string;
  /** The login the app acts as: `slug[bot]`. */
  botLogin: string;
}

const RepositorySchema = z.looseObject({
  id: z.number(),
  node_id: z.string().optional().catch(undefined),
  name: z.string(),
  full_name: z.string(),
  owner: z.looseObject({ login: z.string() }),
  default_branch: z.string().optional().catch(undefined),
  archived: z.boolean().catch(false),
  fork: z.boolean().catch(false),
  private: z.boolean().catch(false),
});

const AppSchema = z.looseObject({ id: z.number().optional().catch(undefined), slug: z.string() });

/** Every repository the installation (whose token `octokit` holds) can access, all pages. */
export async function listInstallationRepositories(octokit: GitHubClient): Promise<InstallationRepository[]> {
  const context = 'list installation repositories';
  const data = await withGitHubContext(context, () => octokit.paginate('GET /installation/repositories', { per_page: 100 }));
  return parsePayload(z.array(RepositorySchema), data, context).map((repo) => ({
    owner: repo.owner.login,
    repo: repo.name,
    id: repo.id,
    ...(repo.node_id === undefined ? {} : { nodeId: repo.node_id }),
    fullName: repo.full_name,
    ...(repo.default_branch === undefined ? {} : { defaultBranch: repo.default_branch }),
    archived: repo.archived,
    fork: repo.fork,
    private: repo.private,
  }));
}

/** The app's slug and bot login. Needs app (JWT) authentication: Probot's `app.auth()` without an installation id. */
export async function getAppIdentity(octokit: GitHubClient): Promise<AppIdentity> {
  const context = 'get the authenticated app';
  const data = await withGitHubContext(context, async () => (await octokit.request('GET /app')).data);
  const app = parsePayload(AppSchema, data, context);
  return { ...(app.id === undefined ? {} : { id: app.id }), slug: app.slug, botLogin: `${app.slug}[bot]` };
}

const InstallationSchema = z.looseObject({ id: z.number(), account: z.looseObject({ login: z.string() }).nullish().catch(null), suspended_at: z.string().nullish().catch(null) });

export interface Installation {
  id: number;
  account?: string;
  suspended: boolean;
}

/** Every installation of the app, all pages. Needs app (JWT) authentication. */
export async function listInstallations(octokit: GitHubClient): Promise<Installation[]> {
  const context = 'list installations';
  const data = await withGitHubContext(context, () => octokit.paginate('GET /app/installations', { per_page: 100 }));
  return parsePayload(z.array(InstallationSchema), data, context).map((installation) => ({
    id: installation.id,
    ...(installation.account ? { account: installation.account.login } : {}),
    suspended: installation.suspended_at !== null && installation.suspended_at !== undefined,
  }));
}
