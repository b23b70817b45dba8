// The fake's route table: every implemented endpoint, keyed by method and
// the description's templated path.
import type { RouteTable } from './http-kit.ts';
import { registerAppRoutes } from './handlers-app.ts';
import { registerRepoRoutes } from './handlers-repo.ts';
import { registerGitRoutes } from './handlers-git.ts';
import { registerPullRoutes } from './handlers-pulls.ts';
import { registerIssueRoutes } from './handlers-issues.ts';
import { registerActionsRoutes } from './handlers-actions.ts';
import { registerCheckRoutes } from './handlers-checks.ts';
import { registerHookRoutes } from './handlers-hooks.ts';

/** Builds the route table. */
export function buildRoutes(installationRateLimit: number): RouteTable {
  const table: RouteTable = new Map();
  registerAppRoutes(table, installationRateLimit);
  registerRepoRoutes(table);
  registerGitRoutes(table);
  registerPullRoutes(table);
  registerIssueRoutes(table);
  registerActionsRoutes(table);
  registerCheckRoutes(table);
  registerHookRoutes(table);
  return table;
}
