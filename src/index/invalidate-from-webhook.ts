// Which index entries a webhook makes stale, as a pure reading of its payload (zod, permissive:
// an event that does not parse invalidates nothing). The app handler applies the answer.
import { z } from 'zod';

/** What to forget: repositories (by owner/name), and installations whose listing must be read again. */
export interface Invalidation {
  repositories: Array<{ owner: string; repo: string }>;
  listings: number[];
}

const Repo = z.looseObject({ name: z.string(), full_name: z.string(), default_branch: z.string().optional(), owner: z.looseObject({ login: z.string() }).optional() });
const Installation = z.looseObject({ id: z.number() }).optional();
const Payload = z.looseObject({
  action: z.string().optional(),
  ref: z.string().optional(),
  repository: Repo.optional(),
  installation: Installation,
  pull_request: z.looseObject({ head: z.looseObject({ ref: z.string() }) }).optional(),
  issue: z.looseObject({ number: z.number(), title: z.string().optional() }).optional(),
  changes: z
    .looseObject({
      repository: z.looseObject({ name: z.looseObject({ from: z.string() }) }).optional(),
      owner: z.looseObject({ from: z.looseObject({ user: z.looseObject({ login: z.string() }).optional(), organization: z.looseObject({ login: z.string() }).optional() }) }).optional(),
    })
    .optional(),
  repositories_added: z.array(Repo).optional(),
  repositories_removed: z.array(Repo).optional(),
});

function split(fullName: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
}

/**
 * The entries a webhook invalidates. `branchPrefix` is freshpin's prefix for the repository (the
 * index's, or the default); `dashboard` the index's dashboard issue number, when known.
 */
export function invalidationOf(event: string, raw: unknown, known: { branchPrefix: string; dashboard?: number }): Invalidation {
  const none: Invalidation = { repositories: [], listings: [] };
  const parsed = Payload.safeParse(raw);
  if (!parsed.success) return none;
  const payload = parsed.data;
  const repository = payload.repository === undefined ? undefined : split(payload.repository.full_name);
  const installation = payload.installation?.id;
  switch (event) {
    case 'push': {
      if (repository === undefined || payload.ref === undefined) return none;
      const branch = payload.ref.replace(/^refs\/heads\//, '');
      const touches = branch === payload.repository?.default_branch || branch.startsWith(known.branchPrefix);
      return touches ? { repositories: [repository], listings: [] } : none;
    }
    case 'pull_request':
      return repository !== undefined && payload.pull_request?.head.ref.startsWith(known.branchPrefix) === true ? { repositories: [repository], listings: [] } : none;
    case 'issues':
      return repository !== undefined && payload.issue !== undefined && payload.issue.number === known.dashboard ? { repositories: [repository], listings: [] } : none;
    case 'repository': {
      if (repository === undefined) return none;
      const repositories = [repository];
      const oldName = payload.changes?.repository?.name.from;
      if (oldName !== undefined) repositories.push({ owner: repository.owner, repo: oldName });
      const oldOwner = payload.changes?.owner?.from.user?.login ?? payload.changes?.owner?.from.organization?.login;
      if (oldOwner !== undefined) repositories.push({ owner: oldOwner, repo: repository.repo });
      return { repositories, listings: installation === undefined ? [] : [installation] };
    }
    case 'installation_repositories':
      return {
        repositories: [...(payload.repositories_added ?? []), ...(payload.repositories_removed ?? [])].map((repo) => split(repo.full_name)),
        listings: installation === undefined ? [] : [installation],
      };
    case 'installation':
      return { repositories: [], listings: installation === undefined ? [] : [installation] };
    default:
      return none;
  }
}
