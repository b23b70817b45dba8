// Keeps the repository index current from webhooks: a push to the default branch or to a
// freshpin branch, a pull_request on a freshpin branch, an edit of the dashboard issue, a
// repository renamed, transferred, archived or deleted, and installation (repository) changes
// forget what they make stale; the next pass then runs a full job for it (the index is a cache).
import type { Probot } from 'probot';
import { invalidationOf } from '../index/invalidate-from-webhook.ts';
import type { AppRuntime } from './app-runtime.ts';

const EVENTS = ['push', 'pull_request', 'issues', 'repository', 'installation_repositories', 'installation'] as const;
const SELF_RECORDED = new Set(['push', 'pull_request', 'issues']);

export function onIndexEvents(app: Probot, runtime: AppRuntime): void {
  app.on([...EVENTS], async (context) => {
    const payload = context.payload as { repository?: { full_name?: string }; sender?: { login?: string } };
    // What the app itself did (its pushes, PRs, dashboard edits) its job recorded already.
    if (SELF_RECORDED.has(context.name) && payload.sender?.login?.endsWith('[bot]') === true) {
      const identity = await runtime.identity(app).catch(() => undefined);
      if (identity !== undefined && payload.sender?.login?.toLowerCase() === identity.botLogin.toLowerCase()) return;
    }
    const [owner = '', repo = ''] = (payload.repository?.full_name ?? '/').split('/');
    const entry = owner === '' ? undefined : await runtime.index.getRepo(owner, repo);
    const invalidation = invalidationOf(context.name, context.payload, { branchPrefix: entry?.branchPrefix ?? 'freshpin/', ...(entry?.dashboard === undefined ? {} : { dashboard: entry.dashboard.number }) });
    for (const stale of invalidation.repositories) await runtime.index.forgetRepo(stale.owner, stale.repo);
    for (const installation of invalidation.listings) await runtime.index.forgetListing(installation);
    if (invalidation.repositories.length + invalidation.listings.length > 0) context.log.debug({ event: context.name, invalidation }, 'repository index invalidated');
  });
}
