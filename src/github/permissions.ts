// Who may command freshpin: a user's permission on the repository, failing closed.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { classifyGitHubError } from './github-errors.ts';

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export type PermissionResult = { permission: RepoPermission; source: 'api' } | { permission: 'none'; error: string };

const LEVELS: readonly RepoPermission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

const PermissionSchema = z.looseObject({
  permission: z.string().optional().catch(undefined),
  role_name: z.string().nullish().catch(null),
});

/**
 * `username`'s permission on the repository. `role_name` is preferred (the legacy
 * `permission` field maps maintain → write and triage → read); custom roles fall back to
 * `permission`. Any failure (404 for a non-collaborator, 5xx, a bad body) is `none`.
 */
export async function readPermission(octokit: GitHubClient, ref: RepoRef, username: string): Promise<PermissionResult> {
  let data: unknown;
  try {
    data = (await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...ref, username })).data;
  } catch (error) {
    const failure = classifyGitHubError(error);
    return { permission: 'none', error: `read permission of ${username} on ${formatRepoRef(ref)}: ${failure.message}` };
  }
  const parsed = PermissionSchema.safeParse(data);
  const level = parsed.success ? (asLevel(parsed.data.role_name) ?? asLevel(parsed.data.permission)) : undefined;
  if (level === undefined) {
    return { permission: 'none', error: `read permission of ${username} on ${formatRepoRef(ref)}: unrecognised answer` };
  }
  return { permission: level, source: 'api' };
}

/** True only for write, maintain and admin. */
export function canCommand(permission: RepoPermission): boolean {
  return permission === 'write' || permission === 'maintain' || permission === 'admin';
}

function asLevel(value: string | null | undefined): RepoPermission | undefined {
  return LEVELS.find((level) => level === value);
}
