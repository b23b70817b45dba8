// App-level endpoints: the app, installations, installation tokens, the
// installation's repositories, collaborator permission and rate limit.
import { randomBytes } from 'node:crypto';
import { appJson, appPermissions, installationJson, repoJson, userJson } from './shapes-basic.ts';
import { fail, intParam, json, notFound, paginate, repoRoute } from './http-kit.ts';
import type { HandlerContext, Reply, RouteTable } from './http-kit.ts';
import { consumeRate, rateIdentity } from './rate-limit.ts';
import { repoKey } from './fake-state.ts';

function createToken(ctx: HandlerContext): Reply {
  const id = intParam(ctx, 'installation_id');
  const inst = id === undefined ? undefined : ctx.state.installations.get(id);
  if (!inst) return notFound('Not Found');
  const names = Array.isArray(ctx.body.repositories) ? (ctx.body.repositories as string[]) : undefined;
  const ids = Array.isArray(ctx.body.repository_ids) ? (ctx.body.repository_ids as number[]) : undefined;
  let repoKeys: Set<string> | null = null;
  if (names || ids) {
    repoKeys = new Set();
    for (const n of names ?? []) repoKeys.add(repoKey(inst.account.login, n));
    for (const rid of ids ?? []) {
      const repo = [...inst.repoKeys].map((k) => ctx.state.repos.get(k)).find((r) => r?.id === rid);
      repoKeys.add(repo?.key ?? `#${rid}`);
    }
    if ([...repoKeys].some((k) => !inst.repoKeys.has(k))) {
      return fail(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
    }
  }
  const token = `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;
  const expiresAt = Date.now() + ctx.state.tokenTtlMs;
  ctx.state.tokens.set(token, { installationId: inst.id, repoKeys, expiresAt });
  const permissions = (ctx.body.permissions as Record<string, string> | undefined) ?? appPermissions();
  const out: Record<string, unknown> = {
    token,
    expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    permissions,
    repository_selection: 'selected',
  };
  if (repoKeys) {
    out.repositories = [...repoKeys].flatMap((k) => {
      const r = ctx.state.repos.get(k);
      return r ? [repoJson(ctx.shapes, r)] : [];
    });
  }
  return json(201, out);
}

function listInstallationRepos(ctx: HandlerContext): Reply {
  const inst = ctx.installationId === undefined ? undefined : ctx.state.installations.get(ctx.installationId);
  if (!inst) return notFound();
  const repos = [...inst.repoKeys].flatMap((k) => {
    const r = ctx.state.repos.get(k);
    return r ? [r] : [];
  });
  const { page, headers } = paginate(ctx, repos);
  return json(200, { total_count: repos.length, repository_selection: 'selected', repositories: page.map((r) => repoJson(ctx.shapes, r)) }, headers);
}

function rateLimit(ctx: HandlerContext, installationLimit: number): Reply {
  const auth = ctx.installationId !== undefined ? 'installation' : ctx.actor.type === 'Bot' ? 'jwt' : 'none';
  const core = consumeRate(ctx.state, rateIdentity(auth, ctx.installationId), false, installationLimit, Date.now());
  const window = { limit: core.limit, used: core.used, remaining: core.remaining, reset: core.reset };
  const other = (limit: number): Record<string, number> => ({ limit, used: 0, remaining: limit, reset: core.reset });
  return json(200, {
    resources: { core: window, search: other(30), graphql: other(5000), integration_manifest: other(5000), code_search: other(10) },
    rate: window,
  });
}

/** Registers the app-level endpoints. */
export function registerAppRoutes(table: RouteTable, installationLimit: number): void {
  table.set('GET /app', { auth: 'jwt', repo: false, handle: (ctx) => json(200, appJson(ctx.shapes)) });
  table.set('GET /app/installations', {
    auth: 'jwt',
    repo: false,
    handle: (ctx) => {
      const { page, headers } = paginate(ctx, [...ctx.state.installations.values()]);
      return json(200, page.map((i) => installationJson(ctx.shapes, i)), headers);
    },
  });
  table.set('GET /app/installations/{installation_id}', {
    auth: 'jwt',
    repo: false,
    handle: (ctx) => {
      const inst = ctx.state.installations.get(intParam(ctx, 'installation_id') ?? -1);
      return inst ? json(200, installationJson(ctx.shapes, inst)) : notFound();
    },
  });
  table.set('POST /app/installations/{installation_id}/access_tokens', { auth: 'jwt', repo: false, handle: createToken });
  table.set('GET /repos/{owner}/{repo}/installation', {
    auth: 'jwt',
    repo: false,
    handle: (ctx) => {
      const repo = ctx.state.repos.get(repoKey(ctx.params.owner ?? '', ctx.params.repo ?? ''));
      const inst = repo?.installationId === undefined ? undefined : ctx.state.installations.get(repo.installationId);
      return inst ? json(200, installationJson(ctx.shapes, inst)) : notFound();
    },
  });
  table.set('GET /installation/repositories', { auth: 'installation', repo: false, handle: listInstallationRepos });
  table.set('GET /rate_limit', { auth: 'any', repo: false, handle: (ctx) => rateLimit(ctx, installationLimit) });
  repoRoute(table, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', (ctx) => {
    const login = ctx.params.username ?? '';
    const perm = ctx.repo.permissions.get(login.toLowerCase());
    if (perm === undefined) return notFound();
    const legacy = perm === 'maintain' ? 'write' : perm === 'triage' ? 'read' : perm;
    const user = userJson(ctx.shapes, { login, type: 'User' });
    return json(200, { permission: legacy, role_name: perm, user: { ...user, permissions: permissionFlags(perm), role_name: perm } });
  });
}

function permissionFlags(p: string): Record<string, boolean> {
  const order = ['none', 'read', 'triage', 'write', 'maintain', 'admin'];
  const at = order.indexOf(p);
  return { admin: at >= 5, maintain: at >= 4, push: at >= 3, triage: at >= 2, pull: at >= 1 };
}
