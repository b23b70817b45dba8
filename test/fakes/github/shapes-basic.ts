// JSON shapes of accounts, the app, installations, repositories and labels,
// following the field names of GitHub's REST responses.
import { botActor, userId } from './fake-state.ts';
import type { Actor, FakeState, Installation, Label, Repo } from './fake-state.ts';

/** Where the fake lives: API base (`…/api/v3`) and web base. */
export interface ShapeContext {
  state: FakeState;
  api: string;
  web: string;
}

/** A simple-user object. */
export function userJson(ctx: ShapeContext, actor: Actor): Record<string, unknown> {
  const isBot = actor.type === 'Bot';
  const id = isBot && actor.login === botActor(ctx.state).login ? ctx.state.botUserId : userId(ctx.state, actor.login);
  const path = isBot ? `${ctx.web}/apps/${actor.login.replace(/\[bot\]$/, '')}` : `${ctx.web}/${actor.login}`;
  const api = `${ctx.api}/users/${encodeURIComponent(actor.login)}`;
  return {
    login: actor.login,
    id,
    node_id: nodeId(isBot ? 'BOT' : 'U', id),
    avatar_url: `${ctx.web}/avatars/u/${id}`,
    gravatar_id: '',
    url: api,
    html_url: path,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: actor.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** A GitHub-looking node id. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kw${Buffer.from(String(id)).toString('base64url')}`;
}

/** The repository owner as a simple-user (organizations keep type `Organization`). */
export function ownerJson(ctx: ShapeContext, repo: Repo): Record<string, unknown> {
  return { ...userJson(ctx, { login: repo.owner, type: 'User' }), id: repo.ownerId, type: repo.ownerType };
}

/** A full repository object. */
export function repoJson(ctx: ShapeContext, repo: Repo): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const owner = ownerJson(ctx, repo);
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}`,
    description: null,
    fork: false,
    url: api,
    ...repoUrls(api),
    clone_url: `${ctx.web}/${repo.owner}/${repo.name}.git`,
    git_url: `${ctx.web.replace(/^http/, 'git')}/${repo.owner}/${repo.name}.git`,
    ssh_url: `git@${new URL(ctx.web).host}:${repo.owner}/${repo.name}.git`,
    svn_url: `${ctx.web}/${repo.owner}/${repo.name}`,
    mirror_url: null,
    homepage: null,
    has_downloads: true,
    has_pages: false,
    has_discussions: false,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    forks_count: 0,
    archived: repo.archived,
    disabled: false,
    open_issues_count: [...repo.issues.values()].filter((i) => i.state === 'open').length,
    license: null,
    allow_forking: false,
    is_template: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    forks: 0,
    open_issues: [...repo.issues.values()].filter((i) => i.state === 'open').length,
    watchers: 0,
    default_branch: repo.defaultBranch,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
  };
}

/** The hypermedia URL fields of a repository object. */
export function repoUrls(api: string): Record<string, string> {
  return {
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}

/** The app object (`GET /app`). */
export function appJson(ctx: ShapeContext): Record<string, unknown> {
  const { appId, appSlug } = ctx.state;
  return {
    id: appId,
    slug: appSlug,
    node_id: nodeId('A', appId),
    client_id: `Iv1.${appId.toString(16).padStart(16, '0')}`,
    owner: userJson(ctx, { login: 'freshpin-dev', type: 'User' }),
    name: appSlug,
    description: 'Keeps dated Docker base-image pins fresh',
    external_url: `${ctx.web}/apps/${appSlug}`,
    html_url: `${ctx.web}/apps/${appSlug}`,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    permissions: appPermissions(),
    events: ['check_run', 'issue_comment', 'issues', 'pull_request', 'push', 'workflow_run'],
    installations_count: ctx.state.installations.size,
  };
}

/** The permissions the fake app holds. */
export function appPermissions(): Record<string, string> {
  return { actions: 'write', checks: 'write', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write', workflows: 'write' };
}

/** An installation object. */
export function installationJson(ctx: ShapeContext, inst: Installation): Record<string, unknown> {
  return {
    id: inst.id,
    account: { ...userJson(ctx, { login: inst.account.login, type: 'User' }), id: inst.account.id, type: inst.account.type },
    repository_selection: 'selected',
    access_tokens_url: `${ctx.api}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${ctx.api}/installation/repositories`,
    html_url: `${ctx.web}/organizations/${inst.account.login}/settings/installations/${inst.id}`,
    app_id: ctx.state.appId,
    app_slug: ctx.state.appSlug,
    target_id: inst.account.id,
    target_type: inst.account.type,
    permissions: appPermissions(),
    events: ['check_run', 'issue_comment', 'issues', 'pull_request', 'push', 'workflow_run'],
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

/** A label object. */
export function labelJson(ctx: ShapeContext, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}
